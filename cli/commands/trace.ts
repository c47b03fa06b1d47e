import type { Command } from 'commander';

/** Registers nothing until this command is implemented. */
export function register(_program: Command): void {}
