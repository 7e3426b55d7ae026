// Connect: which chain (network and node URL), its state, whether its contracts
// run the code this app was built with, the wallet and the account that signs,
// and that account's balance.
import { useEffect, useMemo, useState } from 'react';
import { connectionProblem, useChain } from '../chain/ChainProvider';
import { BUNDLED_DEPLOYMENTS } from '../chain/bundled';
import { chainLabel, CONTRACT_NAMES, parseDeployment, type Deployment } from '../chain/deployment';
import { formatTimestamp } from '../chain/format';
import { deploymentUrlProblem, savedIndex, urlProblem } from '../chain/settings';
import { indexUrlProblem } from '../chain/index-api';
import { useIndex } from '../chain/IndexProvider';
import { differenceText, differsAdvice, sourceHeadline, type SourceCheck } from '../chain/source';
import { Account, Amount, Field } from '../ui/components';
import { DEFAULT_GATEWAY, gatewayProblem, saveGateway, useGateway } from '../chain/ipfs';

export function ConnectPage() {
  return (
    <>
      <NetworkSection />
      <WalletSection />
      <LinksSection />
    </>
  );
}

/** The bundled deployments for the picker: name and chain, or why the file cannot be used. */
function bundledChoices(): { network: string; label: string }[] {
  return Object.entries(BUNDLED_DEPLOYMENTS).map(([network, body]) => {
    try {
      return { network, label: chainLabel(parseDeployment(network, body)) };
    } catch {
      return { network, label: 'not usable by this version of the app' };
    }
  });
}

function NetworkSection() {
  const value = useChain();
  const { settings, overrides, updateSettings, deployment, connection, url } = value;
  const choices = useMemo(bundledChoices, []);
  const [network, setNetwork] = useState(settings.network);
  const [deploymentUrl, setDeploymentUrl] = useState(settings.deployment);
  const [nodeUrl, setNodeUrl] = useState(settings.url);
  const [indexText, setIndexText] = useState(settings.index);
  useEffect(() => {
    setNetwork(settings.network);
    setDeploymentUrl(settings.deployment);
    setNodeUrl(settings.url);
  }, [settings]);
  // The index setting is per deployment: choosing another shows the one saved for it.
  useEffect(() => {
    const chosen = { network, deployment: deploymentUrl.trim() };
    setIndexText(chosen.network === settings.network && chosen.deployment === settings.deployment ? settings.index : savedIndex(chosen, localStorage));
  }, [network, deploymentUrl, settings]);
  const deploymentError = deploymentUrlProblem(deploymentUrl.trim());
  const urlError = urlProblem(nodeUrl.trim());
  const indexError = indexUrlProblem(indexText.trim());
  const deploymentIndex = deployment.status === 'ready' ? deployment.deployment.index : undefined;
  const problem = connectionProblem(value);
  const chain = connection.status === 'connected' ? connection.chain : undefined;
  const listed = choices.some((c) => c.network === network);

  return (
    <section aria-labelledby="network-heading">
      <h2 id="network-heading">Network</h2>
      <form
        className="settings"
        onSubmit={(e) => {
          e.preventDefault();
          if (deploymentError || urlError || indexError) return;
          updateSettings({ network, deployment: deploymentUrl.trim(), url: nodeUrl.trim(), index: indexText.trim() });
        }}
      >
        <div className="field">
          <label htmlFor="settings-network">Network</label>
          <select
            id="settings-network"
            value={network}
            disabled={deploymentUrl.trim() !== ''}
            onChange={(e) => setNetwork(e.target.value)}
            aria-describedby="settings-network-hint"
            data-testid="settings-network"
          >
            {!listed && <option value={network}>{network} (not in this app)</option>}
            {choices.map((c) => (
              <option key={c.network} value={c.network}>
                {c.network}: {c.label}
              </option>
            ))}
          </select>
          <small id="settings-network-hint" className="hint">
            {deploymentUrl.trim() !== ''
              ? 'The deployment file below is used instead.'
              : "Where ModelMint's contracts are, on each chain this app knows."}
          </small>
        </div>
        <details className="advanced" data-testid="settings-advanced" open={Boolean(settings.deployment || settings.url || settings.index) || undefined}>
          <summary>Advanced</summary>
          <Field
            label="Deployment file URL (optional)"
            value={deploymentUrl}
            onChange={setDeploymentUrl}
            testid="settings-deployment"
            placeholder="https://example.org/modelmint/deployment.json"
            hint="A deployment this app was not built with: the address of its deployment file. Empty: the network above."
            error={deploymentError}
          />
          <Field
            label="Node URL (optional)"
            value={nodeUrl}
            onChange={setNodeUrl}
            testid="settings-url"
            placeholder={deployment.status === 'ready' ? deployment.deployment.url : 'wss://…'}
            hint="Empty: the node the deployment was made on. Any node of the same chain, by ws:// or wss:// URL."
            error={urlError}
          />
          <Field
            label="Index URL (optional)"
            value={indexText}
            onChange={setIndexText}
            testid="settings-index"
            placeholder={deploymentIndex ?? 'https://index.example.org/'}
            hint={
              <>
                Where this deployment's history (sales, revenue, payouts) and search are read: an index of it (<code>modelmint index --serve</code>). Empty:{' '}
                {deploymentIndex ? "the deployment's own" : 'none'}; <code>none</code>: no index, the chain's own reads. Kept per deployment.
              </>
            }
            error={indexError}
          />
        </details>
        <button type="submit" data-testid="settings-save" disabled={Boolean(deploymentError || urlError || indexError)}>
          Save and connect
        </button>
        {(overrides.network || overrides.url || overrides.index) && (
          <p className="hint" data-testid="settings-overridden">
            This page's address chooses {overriddenText(overrides)}; your saved choice applies without it.
          </p>
        )}
      </form>

      <div className={chain ? 'notice ok' : 'notice'} role="status" data-testid="connection-state" data-status={chain ? 'connected' : connection.status === 'error' || deployment.status === 'error' ? 'error' : 'pending'}>
        {chain ? (
          <p>
            Connected to <strong>{url}</strong>, network <strong>{chain.deployment.network}</strong>, block #{value.bestBlock ?? '…'}
            {value.chainTime !== undefined && <>, chain time {formatTimestamp(value.chainTime)}</>}.
          </p>
        ) : (
          <p data-testid="connection-problem">{problem}</p>
        )}
        <IndexLine />
        {!chain && (connection.status === 'error' || deployment.status === 'error') && (
          <button type="button" onClick={value.reconnect} data-testid="connection-retry">
            Try again
          </button>
        )}
      </div>

      {chain && <SourceNotice check={chain.source} />}

      {chain && <DeploymentTable deployment={chain.deployment} />}
      <DeveloperHints />
    </section>
  );
}

/** The contracts of the deployment in use, its commit window and its chain. */
function DeploymentTable({ deployment }: { deployment: Deployment }) {
  return (
    <table className="compact" data-testid="deployment">
      <caption>Contracts of deployment {deployment.network}</caption>
      <tbody>
        {CONTRACT_NAMES.map((name) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>
              <code>{deployment.contracts[name].address}</code>
            </td>
          </tr>
        ))}
        <tr>
          <th scope="row">market's desk (code, checked)</th>
          <td>
            <code data-testid="deployment-desk">{deployment.contracts.market_desk.code_hash}</code>
          </td>
        </tr>
        <tr>
          <th scope="row">commit window</th>
          <td>
            {deployment.commit_window.min_blocks} to {deployment.commit_window.max_blocks} blocks
          </td>
        </tr>
        <tr>
          <th scope="row">chain (genesis hash, checked)</th>
          <td data-testid="deployment-genesis" data-checked={deployment.genesis_hash ? 'yes' : 'no'}>
            {deployment.genesis_hash ? (
              <code>{deployment.genesis_hash}</code>
            ) : (
              'not recorded in this deployment: the app cannot check it is on its chain (the contracts\' code is still checked)'
            )}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** What the page's address chooses, in words: "the deployment and the node". */
function overriddenText(overrides: { network: boolean; url: boolean; index: boolean }): string {
  const names = [overrides.network && 'the deployment', overrides.url && 'the node', overrides.index && 'the index'].filter((n): n is string => Boolean(n));
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
}

/** The index in use, if any: its address and how far it has followed the chain. */
function IndexLine() {
  const { index } = useIndex();
  if (index.state === 'off') return null;
  return (
    <p data-testid="index-state" data-state={index.state}>
      Index <strong>{index.url}</strong>:{' '}
      {index.state === 'checking'
        ? 'asking…'
        : index.state === 'unreachable'
          ? `does not answer; pages read the chain instead.`
          : `block #${index.status.indexed ?? 'none'} indexed, ${index.lag === 0 ? 'level with the chain' : `${index.lag} behind the chain's finalized block`}.`}
    </p>
  );
}

/** How to get a chain and a deployment: for people running ModelMint themselves, out of the way of users. */
function DeveloperHints() {
  return (
    <details className="developers" data-testid="developer-hints">
      <summary>For developers</summary>
      <ul>
        <li>
          A local dev chain with the contracts deployed and this app served: <code>scripts/ui.sh</code> (the app from a plain static server:{' '}
          <code>scripts/ui.sh --static</code>).
        </li>
        <li>
          A node alone: <code>scripts/node.sh start</code>; a deployment on it: <code>scripts/deploy.sh --network NAME --url ws://…</code>, written to{' '}
          <code>deployments/NAME.json</code>. The app bundles <code>deployments/*.json</code> when it is built (<code>npm run build</code>): build it again
          after deploying.
        </li>
        <li>
          A page's address can choose for itself, without saving: <code>?network=NAME</code>, <code>?deployment=URL</code>, <code>?url=ws://…</code>, <code>?index=URL</code>; an index of a deployment: <code>modelmint index --serve 127.0.0.1:8090</code>.
        </li>
        <li>
          The command line tools from a checkout: <code>cargo build --release -p modelmint-cli -p modelmint-hash</code> builds <code>modelmint</code> and{' '}
          <code>modelmint-hash</code> into the target directory's <code>release/</code> folder.
        </li>
      </ul>
    </details>
  );
}

/**
 * Whether the contracts on the chain are the ones this app was built with: a
 * line when they are, a warning naming each one that is not. Information only:
 * nothing on the page waits for it or is disabled by it.
 */
function SourceNotice({ check }: { check: SourceCheck }) {
  const commit = check.commit ?? '';
  if (check.status === 'verified') {
    return (
      <p className="notice ok" data-testid="source-state" data-status="verified" data-commit={commit} data-dirty={check.dirty ? 'yes' : 'no'} title={commit ? `commit ${commit}` : undefined}>
        {sourceHeadline(check)}
      </p>
    );
  }
  return (
    <div className="notice" role="status" data-testid="source-state" data-status="differs" data-commit={commit} data-dirty={check.dirty ? 'yes' : 'no'}>
      <p>
        <strong className="warn">{sourceHeadline(check)}</strong>
      </p>
      <ul>
        {check.differences.map((d) => (
          <li key={d.contract} data-testid={`source-difference-${d.contract}`} data-on-chain={d.onChain} data-built={d.built}>
            {differenceText(d)}
          </li>
        ))}
      </ul>
      <p className="muted" title={commit ? `commit ${commit}` : undefined}>
        {differsAdvice(check)}
      </p>
    </div>
  );
}

/** Where ipfs:// links open: the user's gateway (kept in this browser). */
function LinksSection() {
  const saved = useGateway();
  const [gateway, setGateway] = useState(saved);
  const problem = gatewayProblem(gateway.trim());
  return (
    <section aria-labelledby="links-heading">
      <h2 id="links-heading">Links</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!problem) saveGateway(gateway.trim());
        }}
      >
        <Field
          label="IPFS gateway"
          value={gateway}
          onChange={setGateway}
          testid="settings-gateway"
          placeholder={DEFAULT_GATEWAY}
          hint="Model cards and license texts at ipfs:// addresses open through this gateway (empty: the default)."
          error={problem}
        />
        <button type="submit" disabled={Boolean(problem)} data-testid="settings-gateway-save">
          Save
        </button>
      </form>
    </section>
  );
}

function WalletSection() {
  const { wallet, enableWallet, disconnectWallet, account, selectAccount, balance, connection } = useChain();
  const chain = connection.status === 'connected' ? connection.chain : undefined;
  return (
    <section aria-labelledby="wallet-heading">
      <h2 id="wallet-heading">Wallet</h2>
      {wallet.extensions.length === 0 ? (
        <p className="notice" data-testid="wallet-none">
          No wallet extension found in this browser. Install polkadot&#123;.js&#125;, Talisman or SubWallet, add an account, and reload this page.
        </p>
      ) : (
        <div className="row">
          {wallet.extensions.map((ext) => (
            <button
              key={ext.id}
              type="button"
              onClick={() => void enableWallet(ext.id)}
              disabled={wallet.connecting}
              aria-pressed={wallet.extensionId === ext.id}
              data-testid={`wallet-enable-${ext.id}`}
            >
              {wallet.extensionId === ext.id ? `${ext.name}: connected` : `Connect ${ext.name}`}
            </button>
          ))}
          {wallet.injected && (
            <button type="button" onClick={disconnectWallet} data-testid="wallet-disconnect">
              Disconnect wallet
            </button>
          )}
        </div>
      )}
      {wallet.error && (
        <p className="error" role="alert" data-testid="wallet-error">
          {wallet.error}
        </p>
      )}
      {wallet.injected && wallet.accounts.length === 0 && (
        <p className="notice" data-testid="wallet-no-accounts">
          The wallet shares no account with ModelMint: add one in the extension, or allow this site to see it.
        </p>
      )}
      {wallet.accounts.length > 0 && (
        <div className="field">
          <label htmlFor="account-select">Account that signs</label>
          <select id="account-select" value={account?.address ?? ''} onChange={(e) => selectAccount(e.target.value)} data-testid="account-select">
            {wallet.accounts.map((a) => (
              <option key={a.address} value={a.address}>
                {a.name ? `${a.name} (${a.address})` : a.address}
              </option>
            ))}
          </select>
        </div>
      )}
      {account && chain && (
        <dl className="balance" data-testid="account-info">
          <dt>Address</dt>
          <dd>
            <Account account={account.address} units={chain.units} testid="account-address" />
          </dd>
          <dt>Free balance</dt>
          <dd>{balance ? <Amount value={balance.free} units={chain.units} testid="balance-free" /> : '…'}</dd>
          <dt>Reserved (storage deposits and holds)</dt>
          <dd>{balance ? <Amount value={balance.reserved} units={chain.units} testid="balance-reserved" /> : '…'}</dd>
        </dl>
      )}
    </section>
  );
}
