//! Helpers shared by the e2e tests.

use ink::env::{DefaultEnvironment, Event};
use ink::scale::Decode;
use ink_e2e::events::{ContractEmitted, EventWithTopics};
use ink_e2e::subxt::dynamic::Value;
use ink_e2e::{ChainBackend, H256};
use std::time::Duration;

pub type E2EResult<T> = Result<T, Box<dyn std::error::Error>>;

/// A contract event as the node reported it, with its topics.
pub type EmittedEvent = EventWithTopics<ContractEmitted<DefaultEnvironment>>;

/// The account id of a dev keyring account (Alice, Bob, ...).
pub fn account(keyring: ink_e2e::AccountKeyring) -> ink::primitives::AccountId {
    ink_e2e::account_id(keyring)
}

/// A content hash made from a label, so that each test registers distinct models.
pub fn hash_of(label: &str) -> [u8; 32] {
    let mut hash = [0u8; 32];
    for (slot, byte) in hash.iter_mut().zip(label.bytes().cycle()) {
        *slot = byte;
    }
    hash
}

/// Decodes `event` as `T` after checking that its first topic is `T`'s signature.
pub fn decode_event<T: Event + Decode>(event: &EmittedEvent) -> T {
    let signature = T::SIGNATURE_TOPIC.map(H256::from).expect("ModelMint events are not anonymous");
    assert_eq!(event.topics.first(), Some(&signature), "unexpected event signature");
    T::decode(&mut &event.event.data[..]).expect("event data decodes as the expected event")
}

/// Waits `ms` of wall-clock time, then has the node seal a block so that its
/// clock moves past the wait.
///
/// substrate-contracts-node seals one block per transaction, and a contract
/// reads the time of the block it runs in. A dry run after a plain wait still
/// sees the old time, so an extrinsic whose gas ink_e2e estimated from that dry
/// run (say, a purchase that now prunes expired licenses) would run out of gas.
pub async fn advance_node_clock<C>(client: &mut C, ms: u64) -> E2EResult<()>
where
    C: ChainBackend,
    C::Error: std::error::Error + 'static,
{
    ink_e2e::tokio::time::sleep(Duration::from_millis(ms)).await;
    seal_blocks(client, 1).await
}

/// Has the node seal `count` blocks, each holding one `System::remark` by
/// Ferdie, whom no test uses otherwise.
pub async fn seal_blocks<C>(client: &mut C, count: u32) -> E2EResult<()>
where
    C: ChainBackend,
    C::Error: std::error::Error + 'static,
{
    for _ in 0..count {
        let remark = vec![Value::from_bytes(b"modelmint e2e: seal a block")];
        client.runtime_call(&ink_e2e::ferdie(), "System", "remark", remark).await?;
    }
    Ok(())
}
