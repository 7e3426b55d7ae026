// The demo scenario through the UI on a running node (npm run test:chain): tests/chain.
// scripts/ui-test.sh starts the node, deploys as network "ui-test" and sets
// MODELMINT_UI_NETWORK and MODELMINT_UI_NODE_URL (read by chainUnderTest()).
import { browserTestConfig } from './tests/support/browser-config';

export default browserTestConfig('tests/chain');
