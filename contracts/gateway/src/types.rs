//! Values the gateway returns that are not part of its data model.

use ink::primitives::AccountId;

/// Who operates the gateway and what it is wired to.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GatewayAdmin {
    /// The operator: sets fees, pauses, rewires and upgrades.
    pub operator: AccountId,
    /// The proposed next operator, if any.
    pub proposed: Option<AccountId>,
    /// Whether new requests are refused.
    pub paused: bool,
    /// The storage layout version.
    pub layout_version: u32,
    /// The licensing contract asked about every caller's license.
    pub licensing: AccountId,
    /// The royalties contract paid every fee.
    pub royalties: AccountId,
}
