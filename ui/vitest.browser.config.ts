// Browser tests without a chain (npm run test:browser): hashing in Chromium's workers, the
// test wallet, the app without a node.
import { browserTestConfig } from './tests/support/browser-config';

export default browserTestConfig('tests/browser');
