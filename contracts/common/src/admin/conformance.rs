//! The administration conformance suite: [`crate::admin_conformance_tests!`]
//! generates it inside any contract crate that implements [`super::Admin`],
//! and every ModelMint contract runs it. These helpers serve the generated
//! tests; they only exist with `std` (off-chain tests).

use ink::env::{test, DefaultEnvironment, Event};
use ink::primitives::AccountId;

/// The off-chain test accounts.
pub fn accounts() -> test::DefaultAccounts<DefaultEnvironment> {
    test::default_accounts::<DefaultEnvironment>()
}

/// Makes `account` the caller of the next messages.
pub fn act_as(account: AccountId) {
    test::set_caller::<DefaultEnvironment>(account);
}

/// Sets the block time (ms) the next messages see.
pub fn set_time(ms: crate::Timestamp) {
    test::set_block_timestamp::<DefaultEnvironment>(ms);
}

/// How many events have been emitted so far.
pub fn event_count() -> usize {
    test::recorded_events().count()
}

/// The events of type `E` emitted after the first `since`, decoded.
pub fn events_since<E: Event + ink::scale::Decode>(since: usize) -> Vec<E> {
    let signature = E::SIGNATURE_TOPIC.expect("ModelMint events are not anonymous");
    test::recorded_events()
        .skip(since)
        .filter(|event| event.topics.first().map(|t| t.as_slice()) == Some(&signature[..]))
        .map(|event| E::decode(&mut &event.data[..]).expect("event data decodes"))
        .collect()
}

/// The administration's own state-changing messages, as ink! labels them in a
/// contract's metadata: the suite proves them, so contracts do not list them.
pub const ADMIN_MESSAGES: [&str; 8] = [
    "Admin::propose_admin",
    "Admin::accept_admin",
    "Admin::renounce_admin",
    "Admin::set_paused",
    "Admin::wire",
    "Admin::schedule",
    "Admin::cancel_scheduled",
    "Admin::execute_scheduled",
];

/// Compares the state-changing messages of a contract's metadata with the
/// labels its conformance suite lists (plus [`ADMIN_MESSAGES`]): returns the
/// messages nobody listed, and the listed labels that are no state-changing
/// message of the contract.
pub fn unlisted_messages(
    project: &ink::metadata::InkProject,
    listed: &[&str],
) -> (Vec<String>, Vec<String>) {
    use std::collections::BTreeSet;
    let mutating: BTreeSet<String> = project
        .spec()
        .messages()
        .iter()
        .filter(|message| message.mutates())
        .map(|message| message.label().clone())
        .collect();
    let known: BTreeSet<String> =
        listed.iter().chain(ADMIN_MESSAGES.iter()).map(|label| String::from(*label)).collect();
    (mutating.difference(&known).cloned().collect(), known.difference(&mutating).cloned().collect())
}
