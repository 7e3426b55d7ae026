// The web app against an index of the chain under test (npm run test:index): tests/index.
// scripts/ui-test.sh runs it after the demo scenario (tests/chain), with an indexer
// (`modelmint index --serve`) following the same node, and sets MODELMINT_UI_INDEX_URL
// besides MODELMINT_UI_NETWORK and MODELMINT_UI_NODE_URL.
import { browserTestConfig } from './tests/support/browser-config';

export default browserTestConfig('tests/index');
