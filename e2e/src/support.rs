//! Helpers shared by the e2e tests.

use ink::env::{DefaultEnvironment, Event};
use ink::scale::Decode;
use ink_e2e::events::{ContractEmitted, EventWithTopics};
use ink_e2e::H256;

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
