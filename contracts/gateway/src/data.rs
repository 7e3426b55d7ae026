//! The gateway's state and rules, free of any contract plumbing.
//!
//! The methods validate everything before their first write and return the
//! events the contract must emit. Who may call what (the operator) and the
//! cross-contract calls (license check, fee deposit) live in the contract shell.
//! Unit tests drive this layer directly.

use crate::errors::{GatewayError, Result};
use crate::events::{FeeSet, GatewayEvent, InferenceRequested};
use ink::prelude::{vec, vec::Vec};
use ink::primitives::AccountId;
use ink::storage::Mapping;
use modelmint_common::{Balance, ModelId};

/// Fees per served model and the request counter.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct GatewayData {
    /// The fee of one request per served model; a model without an entry is not
    /// served. `set_fee(model, None)` removes the entry.
    fees: Mapping<ModelId, Balance>,
    /// Requests accepted so far; the last request's id.
    calls: u64,
}

impl GatewayData {
    /// Sets `model`'s fee (`None`: stops serving it and removes the entry).
    /// A fee of zero serves the model free to licensed callers.
    pub fn set_fee(&mut self, model: ModelId, fee: Option<Balance>) -> Vec<GatewayEvent> {
        match fee {
            Some(fee) => {
                self.fees.insert(model, &fee);
            }
            None => self.fees.remove(model),
        }
        vec![GatewayEvent::FeeSet(FeeSet { model, fee })]
    }

    /// The fee a request for `model` must carry, if `paid` is exactly that fee.
    ///
    /// # Errors
    /// - [`GatewayError::ModelNotServed`] if `model` has no fee.
    /// - [`GatewayError::WrongFee`] if `paid` differs from it.
    pub fn quote(&self, model: ModelId, paid: Balance) -> Result<Balance> {
        let required = self.fees.get(model).ok_or(GatewayError::ModelNotServed { model })?;
        if paid != required {
            return Err(GatewayError::WrongFee { required, paid });
        }
        Ok(required)
    }

    /// Records an accepted request by `caller` for `model` that paid `fee`;
    /// returns its id (the first is 1) and the event announcing it.
    ///
    /// # Errors
    /// - [`GatewayError::Overflow`] once `u64::MAX` requests were accepted.
    pub fn record(
        &mut self,
        caller: AccountId,
        model: ModelId,
        request_hash: [u8; 32],
        fee: Balance,
    ) -> Result<(u64, Vec<GatewayEvent>)> {
        let call_id = self.calls.checked_add(1).ok_or(GatewayError::Overflow)?;
        self.calls = call_id;
        let event = InferenceRequested { call_id, model, caller, request_hash, fee };
        Ok((call_id, vec![GatewayEvent::InferenceRequested(event)]))
    }

    /// `model`'s fee, or `None` if it is not served.
    pub fn fee_of(&self, model: ModelId) -> Option<Balance> {
        self.fees.get(model)
    }

    /// Requests accepted so far.
    pub fn calls(&self) -> u64 {
        self.calls
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEE: Balance = 2_500;

    fn bob() -> AccountId {
        AccountId::from([2; 32])
    }

    fn serving(model: ModelId, fee: Balance) -> GatewayData {
        let mut gateway = GatewayData::default();
        gateway.set_fee(model, Some(fee));
        gateway
    }

    #[ink::test]
    fn error_when_a_request_names_a_model_without_a_fee() {
        let gateway = serving(1, FEE);

        assert_eq!(gateway.quote(2, FEE), Err(GatewayError::ModelNotServed { model: 2 }));
        assert_eq!(gateway.fee_of(2), None);
    }

    #[ink::test]
    fn a_request_must_carry_exactly_the_fee() {
        let gateway = serving(1, FEE);

        assert_eq!(
            gateway.quote(1, FEE - 1),
            Err(GatewayError::WrongFee { required: FEE, paid: FEE - 1 })
        );
        assert_eq!(
            gateway.quote(1, FEE + 1),
            Err(GatewayError::WrongFee { required: FEE, paid: FEE + 1 })
        );
        assert_eq!(gateway.quote(1, 0), Err(GatewayError::WrongFee { required: FEE, paid: 0 }));
        assert_eq!(gateway.quote(1, FEE), Ok(FEE));
    }

    #[ink::test]
    fn a_zero_fee_serves_the_model_free() {
        let gateway = serving(1, 0);

        assert_eq!(gateway.quote(1, 0), Ok(0));
        assert_eq!(gateway.quote(1, 1), Err(GatewayError::WrongFee { required: 0, paid: 1 }));
    }

    #[ink::test]
    fn removing_a_fee_stops_serving_the_model_and_emits_the_change() {
        let mut gateway = serving(1, FEE);

        let events = gateway.set_fee(1, None);

        assert_eq!(events, vec![GatewayEvent::FeeSet(FeeSet { model: 1, fee: None })]);
        assert_eq!(gateway.fee_of(1), None);
        assert_eq!(gateway.quote(1, FEE), Err(GatewayError::ModelNotServed { model: 1 }));
    }

    #[ink::test]
    fn a_changed_fee_applies_to_the_next_request() {
        let mut gateway = serving(1, FEE);

        let events = gateway.set_fee(1, Some(2 * FEE));

        assert_eq!(events, vec![GatewayEvent::FeeSet(FeeSet { model: 1, fee: Some(2 * FEE) })]);
        assert_eq!(
            gateway.quote(1, FEE),
            Err(GatewayError::WrongFee { required: 2 * FEE, paid: FEE })
        );
        assert_eq!(gateway.quote(1, 2 * FEE), Ok(2 * FEE));
    }

    #[ink::test]
    fn accepted_requests_get_sequential_ids_and_announce_themselves() {
        let mut gateway = serving(1, FEE);

        let (first, events) = gateway.record(bob(), 1, [7; 32], FEE).unwrap();
        let (second, _) = gateway.record(bob(), 1, [7; 32], FEE).unwrap();

        assert_eq!((first, second, gateway.calls()), (1, 2, 2));
        assert_eq!(
            events,
            vec![GatewayEvent::InferenceRequested(InferenceRequested {
                call_id: 1,
                model: 1,
                caller: bob(),
                request_hash: [7; 32],
                fee: FEE,
            })]
        );
    }

    #[ink::test]
    fn error_when_the_request_counter_would_overflow_and_nothing_changes() {
        let mut gateway = serving(1, FEE);
        gateway.calls = u64::MAX;

        assert_eq!(gateway.record(bob(), 1, [7; 32], FEE), Err(GatewayError::Overflow));
        assert_eq!(gateway.calls(), u64::MAX);
    }
}
