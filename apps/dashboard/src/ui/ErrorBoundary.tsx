import { Component, type ReactNode } from 'react';

interface State {
  error?: Error;
}

/** Keeps one broken view from blanking the page: shows what failed and lets the user retry. */
export class ErrorBoundary extends Component<{ children: ReactNode; what: string }, State> {
  override state: State = {};

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="error-note" role="alert">
        <strong>The {this.props.what} failed to render.</strong> {this.state.error.message}{' '}
        <button type="button" className="link" onClick={() => this.setState({ error: undefined })}>
          Retry
        </button>
      </div>
    );
  }
}
