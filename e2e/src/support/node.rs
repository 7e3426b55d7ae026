//! The node a test runs on: one of a pool of running nodes, leased to one test
//! at a time, or a fresh node of the test's own.
//!
//! Starting a `--dev` node costs about 15 s of CPU on this project's machines
//! (the node compiles its runtime, twice, before it answers RPC), which made
//! node start-up most of the suite's time when every test started its own.
//! `scripts/test.sh` starts one node per test thread instead and names them in
//! `MODELMINT_E2E_NODES` (`ws://host:port` URLs, separated by commas or
//! whitespace). Each test leases one node for the whole of its run, so tests
//! never share a node at the same time: they sign with the same dev accounts
//! (whose nonces would race) and check those accounts' balances before and
//! after. Every test deploys its own contracts (ink_e2e salts each
//! instantiation), so a test never sees another's contract state; what a node
//! keeps between tests is its accounts' balances, the code already uploaded
//! (ink_e2e's `upload` accepts code that is there) and its clock, and the tests
//! depend on none of them beyond what they read first.
//!
//! Without `MODELMINT_E2E_NODES` (a plain `cargo test -p modelmint-e2e`), each
//! test starts and stops a node of its own, as `#[ink_e2e::test]` does.

use ink_e2e::{PolkadotConfig, RpcClient, TestNodeProcess};
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};

/// The variable that names the pool's nodes.
pub const POOL_VARIABLE: &str = "MODELMINT_E2E_NODES";

/// A test's node, held until the test ends.
pub enum Node {
    /// A node of the pool, leased to this test alone until the lease drops
    /// (after the client: fields drop in order).
    Leased { rpc: RpcClient, _lease: Lease },
    /// A node this test started; ink_e2e kills it when this is dropped.
    Own(TestNodeProcess<PolkadotConfig>),
}

impl Node {
    /// Leases a node of the pool, waiting until one is free, or starts a node
    /// of the test's own when there is no pool.
    ///
    /// # Panics
    /// If the leased node does not answer or no node can be started: the test
    /// cannot run.
    pub async fn acquire() -> Self {
        match pool() {
            Some(pool) => {
                // A blocking wait inside async code is fine here: each test
                // runs on a single-threaded runtime of its own, with nothing
                // else to run until it has a node.
                let lease = pool.lease();
                let rpc = RpcClient::from_url(lease.url()).await.unwrap_or_else(|err| {
                    panic!("the node at {} ({POOL_VARIABLE}) does not answer: {err:?}", lease.url())
                });
                Node::Leased { rpc, _lease: lease }
            }
            None => Node::Own(
                TestNodeProcess::<PolkadotConfig>::build_with_env_or_default()
                    .spawn()
                    .await
                    .unwrap_or_else(|err| {
                        panic!("could not start substrate-contracts-node: {err:?}")
                    }),
            ),
        }
    }

    /// A client of the node's RPC.
    pub fn rpc(&self) -> RpcClient {
        match self {
            Node::Leased { rpc, .. } => rpc.clone(),
            Node::Own(node) => node.rpc(),
        }
    }
}

std::thread_local! {
    /// The RPC client of the node the test on this thread runs on (each test
    /// runs on a thread and a runtime of its own).
    static CURRENT: std::cell::RefCell<Option<RpcClient>> = const { std::cell::RefCell::new(None) };
}

/// Records `rpc` as the node of the test running on this thread (the test
/// attribute does it once the node is acquired).
pub fn set_current(rpc: RpcClient) {
    CURRENT.with(|current| *current.borrow_mut() = Some(rpc));
}

/// The RPC client of the node the current test runs on.
///
/// # Panics
/// Outside a test that acquired a node.
pub fn current() -> RpcClient {
    CURRENT.with(|current| current.borrow().clone()).expect("a test's node was acquired")
}

/// The running nodes named in [`POOL_VARIABLE`], each free or leased.
pub struct Pool {
    free: Mutex<Vec<String>>,
    returned: Condvar,
}

/// One node of the pool, for one test; dropping the lease returns the node.
pub struct Lease {
    pool: &'static Pool,
    url: String,
}

impl Lease {
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.pool.free_nodes().push(std::mem::take(&mut self.url));
        self.pool.returned.notify_one();
    }
}

impl Pool {
    /// A pool of the nodes named in `urls` (commas or whitespace between them);
    /// `None` if it names none.
    pub fn parse(urls: &str) -> Option<Pool> {
        let free: Vec<String> = urls
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|url| !url.is_empty())
            .map(str::to_owned)
            .collect();
        (!free.is_empty()).then(|| Pool { free: Mutex::new(free), returned: Condvar::new() })
    }

    /// Waits until a node is free and leases it.
    pub fn lease(&'static self) -> Lease {
        let mut free = self.free_nodes();
        loop {
            if let Some(url) = free.pop() {
                return Lease { pool: self, url };
            }
            free = self.returned.wait(free).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    // A test that panics holds no lock (the list is only touched here and in
    // `Lease::drop`), so a poisoned lock still holds a consistent list.
    fn free_nodes(&self) -> MutexGuard<'_, Vec<String>> {
        self.free.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The pool named in the environment, read once per test process.
fn pool() -> Option<&'static Pool> {
    static POOL: OnceLock<Option<Pool>> = OnceLock::new();
    POOL.get_or_init(|| std::env::var(POOL_VARIABLE).ok().as_deref().and_then(Pool::parse)).as_ref()
}

#[cfg(test)]
mod tests {
    use super::Pool;

    #[test]
    fn a_pool_lists_each_named_node_once_and_leases_each_to_one_test_at_a_time() {
        assert!(Pool::parse("").is_none());
        assert!(Pool::parse(" , ").is_none());
        let pool: &'static Pool = Box::leak(Box::new(
            Pool::parse("ws://127.0.0.1:1, ws://127.0.0.1:2\nws://127.0.0.1:3").unwrap(),
        ));
        let leases = [pool.lease(), pool.lease(), pool.lease()];
        let mut urls: Vec<&str> = leases.iter().map(|lease| lease.url()).collect();
        urls.sort_unstable();
        assert_eq!(urls, ["ws://127.0.0.1:1", "ws://127.0.0.1:2", "ws://127.0.0.1:3"]);
        assert!(pool.free_nodes().is_empty(), "three leases leave no node free");

        // A fourth test waits until a lease ends, then gets that node.
        let returned = leases[1].url().to_owned();
        let waiting = std::thread::spawn(move || pool.lease().url().to_owned());
        let [first, second, third] = leases;
        drop(second);
        assert_eq!(waiting.join().unwrap(), returned);
        drop((first, third));
        assert_eq!(pool.free_nodes().len(), 3, "every node is free again");
    }
}
