//! ModelMint inference gateway: the composition example.
//!
//! This is the contract a team serving a model commercially would write on top
//! of ModelMint, and it shows how any third-party contract composes with it:
//! it depends on `modelmint-common` alone and talks to the ModelMint contracts
//! only through the traits defined there, via [`ink::contract_ref!`]:
//!
//! - [`Royalties::deposit_use`](modelmint_common::royalties::Royalties::deposit_use)
//!   is called once per request with the fee attached: the market checks that
//!   the caller holds a license that is valid now (expiry on the
//!   block-timestamp clock), not voided, and permits
//!   [`Use::CommercialInference`](modelmint_common::licensing::Use), and
//!   credits the fee in the same call, so the model's owner, its split
//!   recipients and the ancestors it owes are paid exactly as for a license
//!   sale. One call, one market frame; the gateway holds no funds.
//!
//! A request names the model and the sha256 of its body, carries exactly the
//! model's fee (set by the operator) and emits [`InferenceRequested`]; the
//! off-chain inference server watches these events, runs the request and
//! answers the caller off-chain.
//!
//! The contract is a thin shell over [`data::GatewayData`], which holds the
//! fees and the request counter.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod data;
pub mod errors;
pub mod events;

pub use errors::GatewayError;
pub use events::{FeeSet, InferenceRequested};

/// The version of the storage layout this code reads and writes.
pub const LAYOUT_VERSION: u32 = 1;

/// The contract the gateway calls: the market (is the caller licensed? the
/// fee is paid there).
pub const LINKS: &[modelmint_common::admin::Link] = &[modelmint_common::admin::Link::Market];

#[modelmint_macros::admin(storage = Gateway, links = crate::LINKS, layout = crate::LAYOUT_VERSION)]
#[ink::contract]
mod gateway {
    use crate::data::GatewayData;
    use crate::errors::{GatewayError, Result};
    use crate::events::GatewayEvent;
    use crate::{LAYOUT_VERSION, LINKS};
    use ink::codegen::TraitCallBuilder;
    use ink::prelude::vec::Vec;
    use modelmint_common::admin::{AdminData, AdminError, Link, Timelock, Wiring};
    use modelmint_common::licensing::Use;
    use modelmint_common::market::MarketError;
    use modelmint_common::royalties::Royalties;
    use modelmint_common::ModelId;

    /// The inference gateway contract.
    #[ink(storage)]
    pub struct Gateway {
        data: GatewayData,
        /// The operator (the administrator: sets fees, pauses, schedules
        /// upgrades and rewiring) and the wiring, outside the root.
        admin: AdminData,
        /// What later versions append to the root, kept verbatim (empty in a
        /// root this version writes): `modelmint_common::root`.
        tail: modelmint_common::root::RootTail,
    }

    impl Gateway {
        /// Creates a gateway that checks licenses and pays fees at `market`;
        /// the caller becomes the operator, and upgrades and rewiring wait for
        /// `timelock` and stay executable for `grace` ms once ready. No model
        /// is served until the operator sets its fee.
        ///
        /// # Errors
        /// - [`AdminError::ZeroDelay`], [`AdminError::DelayTooLong`],
        ///   [`AdminError::GraceOutOfRange`].
        #[ink(constructor)]
        pub fn new(
            market: AccountId,
            timelock: Timelock,
            grace: Timestamp,
        ) -> core::result::Result<Self, AdminError> {
            let wiring = Wiring { market: Some(market), ..Wiring::default() };
            let admin = AdminData::instantiate(timelock, grace, LINKS, wiring, LAYOUT_VERSION)?;
            Ok(Self { data: GatewayData::default(), admin, tail: Default::default() })
        }

        /// Requests one inference from `model` on the request body whose sha256
        /// is `request_hash`. The call must carry exactly the model's fee; one
        /// market call checks the caller's license and credits the fee to the
        /// model's contributors. Returns the request's id.
        ///
        /// # Errors
        /// - [`GatewayError::Admin`]`(`[`AdminError::Paused`]`)` while paused.
        /// - [`GatewayError::ModelNotServed`] if the operator set no fee for `model`.
        /// - [`GatewayError::WrongFee`] unless the transferred value equals the fee.
        /// - [`GatewayError::NotLicensed`] unless the caller holds a license on
        ///   `model` valid now, not voided, that permits commercial inference.
        /// - [`GatewayError::Market`] if the market refused the fee otherwise;
        ///   [`GatewayError::MarketUnavailable`] if it could not be called.
        /// - [`GatewayError::Overflow`] if the request counter would overflow.
        ///
        /// Every error reverts the call, returning the payment.
        ///
        /// # Events
        /// - [`crate::InferenceRequested`], then the market's `Deposited` (none
        ///   for a free model).
        #[ink(message, payable)]
        pub fn infer(&mut self, model: ModelId, request_hash: [u8; 32]) -> Result<u64> {
            let wiring = self.admin.ensure_running(LAYOUT_VERSION)?;
            let caller = self.env().caller();
            let fee = self.data.quote(model, self.env().transferred_value())?;
            let (call_id, events) = self.data.record(caller, model, request_hash, fee)?;
            self.emit_all(events);
            pay_use(&wiring, model, caller, fee)?;
            Ok(call_id)
        }

        /// Sets the fee of one request for `model` (`Some(0)`: free for licensed
        /// callers; `None`: the model is no longer served). Operator only.
        ///
        /// # Errors
        /// - [`GatewayError::Admin`]`(`[`AdminError::NotAdmin`]`)` unless the
        ///   caller is the operator.
        ///
        /// # Events
        /// - [`crate::FeeSet`]
        #[ink(message)]
        pub fn set_fee(&mut self, model: ModelId, fee: Option<Balance>) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            self.admin.ensure_admin(self.env().caller())?;
            let events = self.data.set_fee(model, fee);
            self.emit_all(events);
            Ok(())
        }

        /// The fee of one request for `model`, or `None` if it is not served.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn fee_of(&self, model: ModelId) -> Option<Balance> {
            self.data.fee_of(model)
        }

        /// How many requests the gateway has accepted (the last request's id).
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn calls(&self) -> u64 {
            self.data.calls()
        }

        fn emit_all(&self, events: Vec<GatewayEvent>) {
            for event in events {
                match event {
                    GatewayEvent::InferenceRequested(e) => self.env().emit_event(e),
                    GatewayEvent::FeeSet(e) => self.env().emit_event(e),
                }
            }
        }
    }

    /// Pays `fee` for one commercial use of `model` by `caller` with one
    /// market call, which refuses unless `caller` is licensed for it; runs
    /// after every state change (checks-effects-interactions). A refusal
    /// reverts the whole call.
    fn pay_use(wiring: &Wiring, model: ModelId, caller: AccountId, fee: Balance) -> Result<()> {
        let mut market: ink::contract_ref!(Royalties) =
            wiring.get(Link::Market).ok_or(GatewayError::MarketUnavailable)?.into();
        let call = market.call_mut().deposit_use(model, caller, Use::CommercialInference);
        match call.transferred_value(fee).try_invoke() {
            Ok(Ok(Ok(()))) => Ok(()),
            Ok(Ok(Err(MarketError::NotLicensed { .. }))) => {
                Err(GatewayError::NotLicensed { model })
            }
            Ok(Ok(Err(error))) => Err(GatewayError::Market(error)),
            _ => Err(GatewayError::MarketUnavailable),
        }
    }

    modelmint_common::admin_conformance_tests! {
        contract: Gateway,
        error: GatewayError,
        new: |timelock| Gateway::new([8; 32].into(), timelock, modelmint_common::admin::DEFAULT_GRACE),
        pausable: [
            "infer" => |c: &mut Gateway| c.infer(1, [0; 32]).map(drop),
        ],
        unpausable: [
            "set_fee" => |c: &mut Gateway| c.set_fee(1, Some(10)),
        ],
    }
}

pub use gateway::{Gateway, GatewayRef};
