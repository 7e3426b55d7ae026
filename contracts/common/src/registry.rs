//! What other contracts may ask the model registry.

use crate::{ModelHash, ModelId, ModelStatus, Obligation, OwnerEpoch, ParentLink};
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;

/// A model's owner, owner epoch and status.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelSummary {
    /// The current owner of the model token.
    pub owner: AccountId,
    /// The current owner's epoch: rights granted in an earlier one lapse.
    pub owner_epoch: OwnerEpoch,
    /// Whether new licenses may be sold.
    pub status: ModelStatus,
}

/// The registry's cross-contract interface for third-party contracts, which
/// hold a `contract_ref!(ModelRegistry)` and never depend on the registry
/// crate itself. (The market needs none of it: the registry pushes to it.)
#[ink::trait_definition]
pub trait ModelRegistry {
    /// The current owner of `model`, or `None` if no model has that id.
    #[ink(message)]
    fn owner_of_model(&self, model: ModelId) -> Option<AccountId>;

    /// Owner, owner epoch and status of `model` in one call, or `None` if no
    /// model has that id.
    #[ink(message)]
    fn model_summary(&self, model: ModelId) -> Option<ModelSummary>;

    /// The direct parents of `model` with the royalty share each edge carries
    /// (empty for an original model or an unknown id).
    #[ink(message)]
    fn parents(&self, model: ModelId) -> Vec<ParentLink>;

    /// The ancestors `model` owes a share of every payment, with their shares
    /// (empty for an original model or an unknown id): its own edges and,
    /// flattened in, every obligation of its parents and previous version.
    #[ink(message)]
    fn obligations(&self, model: ModelId) -> Vec<Obligation>;
}

/// Most distinct ancestors (parents, their parents, ...) a model may have. It
/// bounds the registry's lineage; the ancestors a payment credits are bounded
/// by [`crate::market::MAX_OBLIGATIONS`].
pub const MAX_ANCESTORS: u32 = 64;

/// A block number of the default environment.
pub type BlockNumber = u32;

/// A registration commitment: `sha256(content_root ‖ registrant ‖ salt)`, the
/// three 32-byte values concatenated in that order (96 bytes; the registrant
/// as its raw 32-byte account id, not SS58). See [`registration_commitment`].
pub type Commitment = [u8; 32];

/// The commitment that lets `registrant` register the model with content root
/// `root`, hiding the root behind a secret `salt` until the registration
/// reveals it. Clients compute it locally (the salt never leaves the machine
/// before the reveal); any sha256 implementation gives the same bytes:
///
/// ```text
/// commitment = sha256(root[32] ‖ registrant[32] ‖ salt[32])
/// ```
pub fn registration_commitment(
    root: &ModelHash,
    registrant: &AccountId,
    salt: &[u8; 32],
) -> Commitment {
    let mut preimage = [0u8; 96];
    preimage[..32].copy_from_slice(root);
    preimage[32..64].copy_from_slice(registrant.as_ref());
    preimage[64..].copy_from_slice(salt);
    let mut commitment = [0u8; 32];
    ink::env::hash_bytes::<ink::env::hash::Sha2x256>(&preimage, &mut commitment);
    commitment
}

/// How old, in blocks, a commitment must be for its registration: at least
/// `min_blocks` (so that whoever sees the reveal in the transaction pool is
/// too late to commit to the same root and use it first) and at most
/// `max_blocks` (so that a commitment does not reserve a root for ever). Fixed
/// at instantiation.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct CommitWindow {
    /// The fewest blocks between a commitment and its registration (>= 1).
    pub min_blocks: BlockNumber,
    /// The most blocks between a commitment and its registration
    /// (> `min_blocks`, <= [`CommitWindow::LONGEST`]).
    pub max_blocks: BlockNumber,
}

impl CommitWindow {
    /// The longest window: 30 days of 6-second blocks.
    pub const LONGEST: BlockNumber = 432_000;

    /// Whether the window can be used: `1 <= min_blocks < max_blocks <= LONGEST`.
    pub fn is_valid(&self) -> bool {
        self.min_blocks >= 1
            && self.min_blocks < self.max_blocks
            && self.max_blocks <= Self::LONGEST
    }
}

/// A registration commitment waiting for its reveal.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct PendingCommitment {
    /// Who committed (and paid its storage deposit); only they may cancel it.
    pub committer: AccountId,
    /// The block it was made in.
    pub block: BlockNumber,
}
