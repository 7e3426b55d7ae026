//! Helpers shared by the e2e tests.

pub mod node;

use ink::env::{DefaultEnvironment, Event};
use ink::scale::Decode;
use ink_e2e::events::{ContractEmitted, EventWithTopics};
use ink_e2e::subxt::blocks::ExtrinsicEvents;
use ink_e2e::subxt::dynamic::Value;
use ink_e2e::subxt::OnlineClient;
use ink_e2e::{ChainBackend, PolkadotConfig, H256};
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

/// The node clock (pallet-timestamp's `Now`, in ms) in the block that
/// included the extrinsic whose events are `events`: the time a contract saw
/// when it ran there.
///
/// # Panics
/// If the node cannot be asked or has no timestamp in that block.
pub async fn block_time(events: &ExtrinsicEvents<PolkadotConfig>) -> u64 {
    let api = OnlineClient::<PolkadotConfig>::from_rpc_client(node::current())
        .await
        .expect("a client of the test's node");
    let now = ink_e2e::subxt::dynamic::storage("Timestamp", "Now", Vec::<Value>::new());
    let value = api
        .storage()
        .at(events.block_hash())
        .fetch(&now)
        .await
        .expect("the node answers")
        .expect("every block has a timestamp")
        .to_value()
        .expect("the timestamp decodes");
    value.as_u128().and_then(|ms| u64::try_from(ms).ok()).expect("a u64 of milliseconds")
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

/// Calls each of `messages` (calls of one message of the contract at
/// `contract`) in order with `value`, 100 calls to a transaction
/// (`Utility::batch_all`), each with twice the gas a dry run of the first needs.
///
/// Each call is still its own contract execution, reading the storage the
/// previous one wrote; what the batch saves is a round trip (dry run, submit,
/// wait for the block) per call, which is most of a test that makes a thousand
/// payments or registers dozens of models. `batch_all` fails as a whole if any
/// call fails, and ink_e2e turns a failed extrinsic into an error, so a refused
/// call fails the test.
pub async fn call_batch<C, Args, R>(
    client: &mut C,
    signer: &ink_e2e::Keypair,
    contract: ink::primitives::AccountId,
    messages: &[ink_e2e::CallBuilderFinal<DefaultEnvironment, Args, R>],
    value: u128,
) -> E2EResult<()>
where
    C: ink_e2e::E2EBackend<DefaultEnvironment>,
    <C as ChainBackend>::Error: std::error::Error + 'static,
    <C as ink_e2e::ContractsBackend<DefaultEnvironment>>::Error: std::error::Error + 'static,
    Args: Sync + ink::scale::Encode + Clone,
    R: Send + Decode,
{
    // 100 calls at twice a deposit's or a registration's gas stay far below the
    // dev node's limit for one extrinsic (about 1.3e12 ref_time); 250 exhausted it.
    const CALLS_PER_TRANSACTION: usize = 100;
    let Some(first) = messages.first() else { return Ok(()) };
    let dry_run = client.call(signer, first).value(value).dry_run().await?;
    let gas = dry_run.exec_result.gas_required;
    let gas_limit = Value::named_composite([
        ("ref_time", Value::u128(u128::from(gas.ref_time()) * 2)),
        ("proof_size", Value::u128(u128::from(gas.proof_size()) * 2)),
    ]);
    let call = |message: &ink_e2e::CallBuilderFinal<DefaultEnvironment, Args, R>| {
        let input = ink::scale::Encode::encode(message.clone().params().exec_input());
        Value::unnamed_variant(
            "Contracts",
            [Value::named_variant(
                "call",
                [
                    ("dest", Value::unnamed_variant("Id", [Value::from_bytes(contract)])),
                    ("value", Value::u128(value)),
                    ("gas_limit", gas_limit.clone()),
                    ("storage_deposit_limit", Value::unnamed_variant("None", [])),
                    ("data", Value::from_bytes(input)),
                ],
            )],
        )
    };
    for chunk in messages.chunks(CALLS_PER_TRANSACTION) {
        let calls = Value::unnamed_composite(chunk.iter().map(call));
        client.runtime_call(signer, "Utility", "batch_all", vec![calls]).await?;
    }
    Ok(())
}

/// A contract frame an extrinsic ran, as pallet-contracts reports it
/// (`Contracts::Called`, `Contracts::DelegateCalled`; one event per frame
/// that returned successfully).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    /// A contract was called (by an account or another contract).
    Called { contract: ink::primitives::AccountId },
    /// A contract ran another code on its own storage.
    DelegateCalled { contract: ink::primitives::AccountId, code_hash: ink::primitives::Hash },
}

/// Every contract frame the extrinsic behind `events` ran, in the order the
/// node reported them.
pub fn frames<C: ink_e2e::subxt::Config>(
    events: &ink_e2e::subxt::blocks::ExtrinsicEvents<C>,
) -> Vec<Frame> {
    let mut frames = Vec::new();
    for event in events.iter().flatten() {
        let fields = event.field_bytes();
        let account = |bytes: &[u8]| {
            <[u8; 32]>::try_from(bytes).map(ink::primitives::AccountId::from).expect("32 bytes")
        };
        match (event.pallet_name(), event.variant_name()) {
            // `Called { caller: Origin, contract }`: the contract is last.
            ("Contracts", "Called") => {
                let start = fields.len().checked_sub(32).expect("a contract account");
                frames.push(Frame::Called { contract: account(&fields[start..]) });
            }
            ("Contracts", "DelegateCalled") => {
                let (contract, code_hash) = fields.split_at(32);
                let code_hash = <[u8; 32]>::try_from(code_hash).expect("a 32-byte code hash");
                frames.push(Frame::DelegateCalled {
                    contract: account(contract),
                    code_hash: code_hash.into(),
                });
            }
            _ => {}
        }
    }
    frames
}

/// The contracts that emitted `events`, in order.
pub fn emitters(events: &[EmittedEvent]) -> Vec<ink::primitives::AccountId> {
    events.iter().map(|event| event.event.contract).collect()
}
