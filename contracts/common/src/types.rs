//! Identifiers and value types shared by every ModelMint contract.

// parity-scale-codec-derive 3.7.5 casts each variant index with `as u8` in the
// `Encode` impl it generates for enum variants that carry fields, and allows
// that lint only for unit variants; cargo-contract denies the lint. This module
// holds type definitions only, no arithmetic, so the allow hides nothing else.
#![allow(clippy::cast_possible_truncation)]

/// Sequential identifier of a registered model; also its PSP34 token id
/// ([`crate::psp34::Id::U64`]). The first model gets id 1, so 0 never names a model.
pub type ModelId = u64;

/// The 32-byte sha256 content root of a model's files, as computed off-chain by
/// the ModelMint hashing tool (`modelmint-hash`). One hash can be registered once.
pub type ModelHash = [u8; 32];

/// A share in basis points: 1 bps = 0.01 %, [`BPS_SCALE`] = 100 %.
pub type Bps = u16;

/// 100 % in basis points.
pub const BPS_SCALE: Bps = 10_000;

/// An amount of the chain's native token in its smallest unit (the default
/// ink! environment's `Balance`).
pub type Balance = u128;

/// How many times a model's token has changed hands: 0 at registration, one
/// more with every PSP34 transfer. Rights a previous owner granted (offers,
/// splits, derivative approvals) record the epoch they were granted in and
/// lapse when it is no longer the model's current one: selling the token sells
/// the business.
pub type OwnerEpoch = u32;

/// Sequential identifier of a license offer (unique across all models).
pub type OfferId = u64;

/// Sequential identifier of a sold license (unique across all models).
pub type LicenseId = u64;

/// Block timestamp in milliseconds since the Unix epoch (pallet-timestamp's clock,
/// the one `block_timestamp()` returns).
pub type Timestamp = u64;

/// What a registered asset is. Both kinds share the id space, the content
/// root (hashed by the same tool), the PSP34 token, the status, the disputes
/// and the market; they differ in the uses their licenses may grant
/// ([`AssetKind::uses`](crate::licensing)) and in how other assets may name them: a model
/// derives from models ([`Relation`]'s model relations) and is trained on
/// datasets ([`Relation::TrainedOn`]); a dataset names no parents.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum AssetKind {
    /// Weights: a model, a fine-tune, a quantization.
    #[default]
    Model,
    /// Training data: a corpus, a benchmark, a labelled set.
    Dataset,
}

/// How a derivative model was made from a parent.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Relation {
    /// Further training of the parent's weights.
    FineTune,
    /// The parent's weights at lower precision.
    Quantization,
    /// A smaller model trained on the parent's outputs.
    Distillation,
    /// Weights combined from several parents.
    Merge,
    /// Any other derivation; the model card explains it.
    Other,
    /// The parent is a dataset the model was trained on (the only relation
    /// that may name a dataset, and one that names nothing else).
    TrainedOn,
}

impl Relation {
    /// The kind of asset an edge of this relation must name.
    pub const fn parent_kind(self) -> AssetKind {
        match self {
            Relation::TrainedOn => AssetKind::Dataset,
            _ => AssetKind::Model,
        }
    }
}

/// One edge of the derivative graph: this model derives from `model` and owes it
/// `royalty_bps` of its revenue. Immutable once registered.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ParentLink {
    /// The parent model.
    pub model: ModelId,
    /// How the derivative was made.
    pub relation: Relation,
    /// Share of the derivative's revenue owed upstream to the parent, fixed when the
    /// derivative was registered (from the license or the owner's approval that
    /// granted the derivative right).
    pub royalty_bps: Bps,
}

/// A model's debt to one of its ancestors: `bps` basis points of every payment
/// for the model go to that ancestor. A model's obligations are fixed when it
/// is registered: its own edges' shares and, flattened in, every obligation
/// of each parent and of its previous version (the highest share where one
/// ancestor is reached twice), so that no edge below an ancestor can cut the
/// ancestor's share off. Their sum is at most [`BPS_SCALE`].
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Obligation {
    /// The ancestor owed.
    pub ancestor: ModelId,
    /// Its share of every payment for the model, in basis points (> 0).
    pub bps: Bps,
}

/// The owner epochs `from, from + 1, …, to − 1` of a model (half-open).
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct EpochRange {
    /// The first epoch in the range.
    pub from: OwnerEpoch,
    /// The first epoch after the range.
    pub to: OwnerEpoch,
}

impl EpochRange {
    /// Whether `epoch` is in the range.
    pub const fn contains(&self, epoch: OwnerEpoch) -> bool {
        self.from <= epoch && epoch < self.to
    }
}

/// Whether new licenses may be sold for a model.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum ModelStatus {
    /// Licensable.
    Active,
    /// The owner retired the model: no new licenses; existing ones are untouched.
    Deprecated,
    /// The registry's arbiter upheld a dispute against the model: no new
    /// licenses, renewals or derivatives; existing licenses are untouched and
    /// money already owed stays owed. Only the arbiter lifts it.
    Disputed,
}

/// Why a list of shares is not a valid split.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// A split needs at least one recipient.
    NoRecipients,
    /// `count` recipients; at most [`crate::split::MAX_RECIPIENTS`] are allowed.
    TooManyRecipients { count: u32, max: u32 },
    /// The recipient at `index` has a share of zero.
    ZeroShare { index: u32 },
    /// The shares add up to `total` parts per million instead of exactly 1 000 000.
    SharesDoNotSumToWhole { total: u64 },
}
