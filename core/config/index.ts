// Public surface of this area; core/index.ts re-exports it.
export {};
