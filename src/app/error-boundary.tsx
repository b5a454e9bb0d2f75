import { Component, type ErrorInfo, type ReactNode } from 'react';

interface ErrorBoundaryState {
  readonly error?: Error;
}

/** Shows an unexpected failure (a bug, a worker that died) where the person sees it, instead of
 * a blank page; the rest of the page keeps working. */
export class ErrorBoundary extends Component<{ readonly children: ReactNode }, ErrorBoundaryState> {
  override state: ErrorBoundaryState = {};

  static getDerivedStateFromError(error: Error): ErrorBoundaryState {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Also in the console, with the component stack, for whoever debugs it.
    console.error(error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="alert alert--error">
        <strong>Something went wrong:</strong> {this.state.error.message}. Reload the page to start again; your data and model are kept.
      </div>
    );
  }
}
