// The shell: a header with the navigation and the connection at a glance, and
// the page the address's hash names (`#/register`); the connect page by default.
import { Suspense, useEffect, useState } from 'react';
import { connectionProblem, useChain } from './chain/ChainProvider';
import { formatBalance, shortAccount } from './chain/format';
import { sourceHeadline } from './chain/source';
import { ROUTES } from './routes';

function currentPath(): string {
  return window.location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
}

export function useHashPath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => setPath(currentPath());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return path;
}

export function App() {
  const path = useHashPath();
  // `model/7`: the route and its parameter.
  const [base, ...rest] = path.split('/');
  const route = ROUTES.find((r) => r.path === base) ?? ROUTES[0];
  const param = rest.join('/');
  useEffect(() => {
    document.title = `${route.label} · ModelMint`;
  }, [route]);
  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main-content"
        onClick={(e) => {
          // The hash is the page's route: move the focus without touching it.
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
        data-testid="skip-link"
      >
        Skip to the page
      </a>
      <header className="top">
        <a className="brand" href="#/connect">
          ModelMint
        </a>
        <nav aria-label="Pages">
          <ul>
            {ROUTES.filter((r) => !r.hidden).map((r) => (
              <li key={r.path}>
                <a href={`#/${r.path}`} aria-current={r === route ? 'page' : undefined} data-testid={`nav-${r.path}`}>
                  {r.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <StatusLine />
      </header>
      <main id="main-content" tabIndex={-1} data-testid={`page-${route.path}`}>
        <h1>{route.label}</h1>
        <Suspense fallback={<p className="hint" role="status">Loading the page…</p>}>{route.render(param)}</Suspense>
      </main>
    </div>
  );
}

/** The network, block and account at a glance, on every page. */
function StatusLine() {
  const value = useChain();
  const problem = connectionProblem(value);
  const chain = value.connection.status === 'connected' ? value.connection.chain : undefined;
  return (
    <p className="status-line" data-testid="status-line" data-connected={chain ? 'yes' : 'no'}>
      <span>{value.settings.deployment ? 'deployment from a URL' : value.settings.network}</span>
      {/* The problem itself is said once, on the page (Connect, or what needs the chain). */}
      {chain ? (
        <span>block #{value.bestBlock ?? '…'}</span>
      ) : (
        <a href="#/connect" className="warn" title={problem} data-testid="status-chain">
          {value.connection.status === 'error' || value.deployment.status === 'error' ? 'not connected' : 'connecting…'}
        </a>
      )}
      {chain &&
        (chain.source.status === 'verified' ? (
          <span data-testid="status-source" data-status="verified" title={sourceHeadline(chain.source)}>
            verified source
          </span>
        ) : (
          <a href="#/connect" className="warn" data-testid="status-source" data-status="differs" title={sourceHeadline(chain.source)}>
            contracts differ from this app's build
          </a>
        ))}
      {value.account ? (
        // The account chosen in the wallet, with or without a chain (its balance needs one).
        <span title={value.account.address} data-testid="status-account">
          {value.account.name ?? (chain ? shortAccount(value.account.address, chain.units) : `${value.account.address.slice(0, 8)}…`)}
          {chain && value.balance && ` · ${formatBalance(value.balance.free, chain.units)}`}
        </span>
      ) : (
        <span>no account</span>
      )}
    </p>
  );
}
