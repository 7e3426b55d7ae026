// Vitest global setup of the browser suites (tests/browser, tests/chain): one build and one
// preview server for the whole run; tests read its origin with inject('appOrigin').
import type { TestProject } from 'vitest/node';
import { buildAndServe } from './app-server';

declare module 'vitest' {
  export interface ProvidedContext {
    appOrigin: string;
    appBuildError: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await buildAndServe();
  project.provide('appOrigin', server.origin);
  project.provide('appBuildError', server.appBuildError);
  if (server.appBuildError !== null) {
    console.error(`the app did not build; its tests will fail with: ${server.appBuildError}`);
  }
  return () => server.close();
}
