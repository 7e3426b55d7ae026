//! Identifiers and value types shared by every ModelMint contract.

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

/// Block timestamp in milliseconds since the Unix epoch (pallet-timestamp's clock,
/// the one `block_timestamp()` returns).
pub type Timestamp = u64;

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

/// Whether new licenses may be sold for a model.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum ModelStatus {
    /// Licensable.
    Active,
    /// The owner retired the model: no new licenses; existing ones are untouched.
    Deprecated,
}
