//! Identifiers shared by every ModelMint contract.

/// Sequential identifier of a registered model; also its PSP34 token id
/// ([`crate::psp34::Id::U64`]). The first model gets id 1, so 0 never names a model.
pub type ModelId = u64;

/// The 32-byte sha256 content root of a model's files, as computed off-chain by
/// the ModelMint hashing tool. One hash can be registered once.
pub type ModelHash = [u8; 32];
