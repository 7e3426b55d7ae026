// Vitest global setup of the browser suites (tests/browser, tests/chain): one build and one
// static server for the whole run; tests read the app's address with inject('appBase').
import type { TestProject } from 'vitest/node';
import { buildAndServe } from './app-server';

declare module 'vitest' {
  export interface ProvidedContext {
    appBase: string;
    appBuildError: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await buildAndServe();
  project.provide('appBase', server.base);
  project.provide('appBuildError', server.appBuildError);
  if (server.appBuildError !== null) {
    console.error(`the app did not build; its tests will fail with: ${server.appBuildError}`);
  }
  return () => server.close();
}
