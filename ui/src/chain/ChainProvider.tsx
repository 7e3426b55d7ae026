// The app's one connection to the chain and the wallet, shared through React
// context: settings, deployment, client and contracts, the wallet's accounts and
// the chosen one, its balance, the chain's best block and time. Pages read it
// with `useChain()`; pages that need a connected chain wrap themselves in
// `<RequireChain>` and get it from `useConnectedChain()`.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
// The chain layer (dedot and the contracts' metadata) is loaded when the app connects, not
// with the first page: see connect() below.
import type { Chain } from './connection';
import { NOBODY } from './nobody';
import { BUNDLED_DEPLOYMENTS, defaultNetwork } from './bundled';
import { DeploymentError, loadDeployment, type ContractName, type Deployment } from './deployment';
import { loadSettings, queryOverrides, saveSettings, type Settings } from './settings';
import { enableExtension, errorText, listExtensions, waitForExtensions, type Injected, type InjectedAccount, type WalletExtension } from './wallet';

export type DeploymentState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; deployment: Deployment };

export type ConnectionState =
  | { status: 'waiting' }
  | { status: 'connecting'; url: string }
  | { status: 'error'; url: string; message: string }
  | { status: 'connected'; chain: Chain };

export interface WalletState {
  extensions: WalletExtension[];
  /** The extension the user enabled (remembered across visits). */
  extensionId?: string;
  injected?: Injected;
  accounts: InjectedAccount[];
  connecting: boolean;
  error?: string;
}

export interface Balance {
  free: bigint;
  reserved: bigint;
  frozen: bigint;
}

export interface ChainContextValue {
  settings: Settings;
  /** Which settings `?network=` / `?url=` / `?index=` pin for this page. */
  overrides: { network: boolean; url: boolean; index: boolean };
  /** Saves new settings (persisted) and reconnects. */
  updateSettings(settings: Settings): void;
  deployment: DeploymentState;
  connection: ConnectionState;
  /** The URL in use: the setting, or the deployment's `url`. */
  url?: string;
  reconnect(): void;
  wallet: WalletState;
  enableWallet(id: string): Promise<void>;
  disconnectWallet(): void;
  account?: InjectedAccount;
  selectAccount(address: string): void;
  balance?: Balance;
  /** Best block number, updated as blocks arrive. */
  bestBlock?: number;
  /** `Timestamp.Now` of the best block, in ms: the clock licenses expire on. */
  chainTime?: bigint;
}

const ChainContext = createContext<ChainContextValue | undefined>(undefined);

const STORAGE = { wallet: 'modelmint.wallet', account: 'modelmint.account' } as const;

/** The deployment the settings name, loaded again whenever they change (or a reconnect is asked for). */
function useDeployment(settings: Settings, attempt: number): DeploymentState {
  const [deployment, setDeployment] = useState<DeploymentState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    setDeployment({ status: 'loading' });
    const source = settings.deployment ? ({ kind: 'url', url: settings.deployment } as const) : ({ kind: 'bundled', network: settings.network } as const);
    loadDeployment(source, BUNDLED_DEPLOYMENTS).then(
      (d) => live && setDeployment({ status: 'ready', deployment: d }),
      (error: unknown) =>
        live && setDeployment({ status: 'error', message: error instanceof DeploymentError ? error.message : errorText(error) }),
    );
    return () => {
      live = false;
    };
  }, [settings.network, settings.deployment, attempt]);

  return deployment;
}

export function ChainProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<Settings>(() => loadSettings(window.location.search, localStorage, defaultNetwork()));
  const overrides = useMemo(() => queryOverrides(window.location.search), []);
  const [connection, setConnection] = useState<ConnectionState>({ status: 'waiting' });
  const [attempt, setAttempt] = useState(0);
  const [wallet, setWallet] = useState<WalletState>({ extensions: listExtensions(), accounts: [], connecting: false });
  const [accountAddress, setAccountAddress] = useState<string | undefined>(() => localStorage.getItem(STORAGE.account) ?? undefined);
  const [balance, setBalance] = useState<Balance>();
  const [bestBlock, setBestBlock] = useState<number>();
  const [chainTime, setChainTime] = useState<bigint>();

  const updateSettings = useCallback((next: Settings) => {
    saveSettings(next, localStorage);
    setSettings(next);
    // Saving the same settings again still reconnects (e.g. after restarting the node).
    setAttempt((n) => n + 1);
  }, []);
  const reconnect = useCallback(() => setAttempt((n) => n + 1), []);

  const deployment = useDeployment(settings, attempt);

  const url = settings.url || (deployment.status === 'ready' ? deployment.deployment.url : undefined);

  // The client, once the deployment is known; closed when settings change.
  useEffect(() => {
    if (deployment.status !== 'ready' || !url) {
      setConnection({ status: 'waiting' });
      return;
    }
    let live = true;
    let opened: Chain | undefined;
    setConnection({ status: 'connecting', url });
    import('./connection')
      .then(({ connect }) => connect(url, deployment.deployment))
      .then(
      (chain) => {
        if (!live) {
          void chain.client.disconnect();
          return;
        }
        opened = chain;
        chain.client.on('disconnected', () => {
          if (live) setConnection({ status: 'error', url, message: `The node at ${url} closed the connection. Is it still running?` });
        });
        setConnection({ status: 'connected', chain });
      },
      (error: unknown) =>
        live &&
        setConnection({ status: 'error', url, message: error instanceof Error && error.name === 'ConnectionError' ? error.message : errorText(error) }),
    );
    return () => {
      live = false;
      void opened?.client.disconnect().catch(() => undefined);
    };
  }, [deployment, url]);

  const chain = connection.status === 'connected' ? connection.chain : undefined;

  // Best block and chain time, while connected.
  useEffect(() => {
    if (!chain) return;
    const unsubs: Promise<() => Promise<void>>[] = [
      chain.client.query.system.number((n) => setBestBlock(n)),
      chain.client.query.timestamp.now((t) => setChainTime(t)),
    ];
    return () => {
      setBestBlock(undefined);
      setChainTime(undefined);
      for (const unsub of unsubs) void unsub.then((u) => u()).catch(() => undefined);
    };
  }, [chain]);

  const enableWallet = useCallback(async (id: string) => {
    setWallet((w) => ({ ...w, connecting: true, error: undefined }));
    try {
      const injected = await enableExtension(id);
      const accounts = await injected.accounts.get();
      localStorage.setItem(STORAGE.wallet, id);
      setWallet((w) => ({ ...w, extensionId: id, injected, accounts, connecting: false, error: undefined }));
    } catch (error) {
      setWallet((w) => ({ ...w, connecting: false, error: errorText(error) }));
    }
  }, []);

  const disconnectWallet = useCallback(() => {
    localStorage.removeItem(STORAGE.wallet);
    setWallet((w) => ({ extensions: w.extensions, accounts: [], connecting: false }));
  }, []);

  // Wallets inject themselves while the page loads: list them once they are
  // there, and re-enable the one the user enabled before.
  useEffect(() => {
    let live = true;
    void waitForExtensions(1500).then((extensions) => {
      if (!live) return;
      setWallet((w) => ({ ...w, extensions }));
      const remembered = localStorage.getItem(STORAGE.wallet);
      if (remembered && extensions.some((e) => e.id === remembered)) void enableWallet(remembered);
    });
    return () => {
      live = false;
    };
  }, [enableWallet]);

  // The wallet's account list follows the extension (accounts added or removed there).
  useEffect(() => {
    if (!wallet.injected) return;
    const unsubscribe = wallet.injected.accounts.subscribe((accounts) => setWallet((w) => ({ ...w, accounts })));
    return () => unsubscribe();
  }, [wallet.injected]);

  const account = wallet.accounts.find((a) => a.address === accountAddress) ?? wallet.accounts[0];

  const selectAccount = useCallback((address: string) => {
    localStorage.setItem(STORAGE.account, address);
    setAccountAddress(address);
  }, []);

  // The chosen account's balance, live.
  useEffect(() => {
    setBalance(undefined);
    if (!chain || !account) return;
    const unsub = chain.client.query.system.account(account.address, (info) =>
      setBalance({ free: info.data.free, reserved: info.data.reserved, frozen: info.data.frozen }),
    );
    return () => void unsub.then((u) => u()).catch(() => undefined);
  }, [chain, account]);

  const value: ChainContextValue = {
    settings,
    overrides,
    updateSettings,
    deployment,
    connection,
    url,
    reconnect,
    wallet,
    enableWallet,
    disconnectWallet,
    account,
    selectAccount,
    balance,
    bestBlock,
    chainTime,
  };
  return <ChainContext.Provider value={value}>{children}</ChainContext.Provider>;
}

export function useChain(): ChainContextValue {
  const value = useContext(ChainContext);
  if (!value) throw new Error('useChain() outside <ChainProvider>');
  return value;
}

/**
 * The account reads are made as: the connected one, else `NOBODY` (a dry run
 * needs an origin, not a signature).
 */
export function useReader(): string {
  return useChain().account?.address ?? NOBODY;
}

/** The names the wallet gives its accounts, by address, to show accounts by name. */
export function useAccountNames(): Map<string, string> {
  const { accounts } = useChain().wallet;
  return useMemo(
    () => new Map(accounts.flatMap((a) => (a.name ? [[a.address, a.name] as const] : []))),
    [accounts],
  );
}

/** The connected chain; only inside `<RequireChain>`. */
export function useConnectedChain(): Chain {
  const { connection } = useChain();
  if (connection.status !== 'connected') throw new Error('useConnectedChain() outside <RequireChain>');
  return connection.chain;
}

/** The chain in words for a status line or a page that cannot work without it. */
export function connectionProblem(value: ChainContextValue): string | undefined {
  if (value.deployment.status === 'error') return value.deployment.message;
  if (value.deployment.status === 'loading') return value.settings.deployment ? `Loading the deployment file at ${value.settings.deployment}…` : `Loading the deployment "${value.settings.network}"…`;
  switch (value.connection.status) {
    case 'waiting':
      return 'Waiting for the deployment…';
    case 'connecting':
      return `Connecting to ${value.connection.url}…`;
    case 'error':
      return value.connection.message;
    case 'connected':
      return undefined;
  }
}

/**
 * Renders its children only when connected and the metadata of `contracts` is loaded
 * (each contract's is a chunk of its own, fetched the first time a page asks for it);
 * otherwise the reason, and a retry.
 */
export function RequireChain({ children, contracts = [] }: { children: ReactNode; contracts?: readonly ContractName[] }) {
  const value = useChain();
  const problem = connectionProblem(value);
  const chain = value.connection.status === 'connected' ? value.connection.chain : undefined;
  const missing = chain ? contracts.filter((name) => !chain.contracts.has(name)) : [];
  const [loadError, setLoadError] = useState<string>();
  const [, setLoaded] = useState(0);
  const [attempt, setAttempt] = useState(0);
  const missingKey = missing.join(',');
  useEffect(() => {
    if (!chain || missingKey === '') return;
    let live = true;
    setLoadError(undefined);
    chain.contracts.load(missingKey.split(',') as ContractName[]).then(
      () => live && setLoaded((n) => n + 1),
      (error: unknown) => live && setLoadError(`The app could not load what it needs to read the ${missingKey.replaceAll(',', ' and ')} contract: ${errorText(error)}. Check your connection and try again.`),
    );
    return () => {
      live = false;
    };
  }, [chain, missingKey, attempt]);
  if (!problem && missing.length === 0) return <>{children}</>;
  const failed = value.deployment.status === 'error' || value.connection.status === 'error' || loadError !== undefined;
  return (
    <div className="notice" role="status" data-testid="chain-problem">
      <p>{problem ?? loadError ?? `Loading the ${missing.join(' and ')} contract…`}</p>
      {failed && (
        <button
          type="button"
          onClick={problem ? value.reconnect : () => setAttempt((n) => n + 1)}
          data-testid="chain-retry"
        >
          Try again
        </button>
      )}
    </div>
  );
}

/** The connected account and its signer; only where the page checked both exist. */
export function useSigner() {
  const { account, wallet } = useChain();
  return account && wallet.injected ? { address: account.address, signer: wallet.injected.signer } : undefined;
}
