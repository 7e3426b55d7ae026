//! The inference gateway on a real node, composed with a real stack: only
//! callers holding a valid commercial-inference license are served, each
//! request carries exactly the model's fee and pays it with one market call
//! (`deposit_use`: the license check and the credit in one frame), and the
//! fee ends up in the model's revenue in the market, to the last unit.

use crate::stack::{costs_of, model_draft, offer_terms, Stack, UNIT};
use crate::support::{account, advance_node_clock, decode_event, frames, E2EResult, Frame};
use crate::{assert_reverted, deploy_gateway, deploy_stack, register};
use ink::primitives::AccountId;
use ink_e2e::{
    AccountKeyring::{Bob, Charlie},
    ChainBackend, ContractsBackend,
};
use modelmint_common::admin::AdminError;
use modelmint_common::licensing::{LicenseDuration, Use};
use modelmint_common::{Balance, Timestamp};
use modelmint_gateway::{Gateway, GatewayError, InferenceRequested};
use modelmint_market::{Deposited, Market, OfferTerms};

/// One unit of the dev chain's token (12 decimals).
const PRICE: Balance = 3 * UNIT;
const FEE: Balance = UNIT / 10;
/// More than a reverted extrinsic costs its signer in fees (~0.005 units here),
/// and less than a request fee: a balance drop below it moved no request fee.
const FEE_BOUND: Balance = UNIT / 100;
const DAY: Timestamp = 86_400_000;
const REQUEST: [u8; 32] = [0x5A; 32];

fn offer(uses: &[Use], duration: LicenseDuration) -> OfferTerms {
    offer_terms(PRICE, duration, uses, None, false)
}

/// Deploys the stack, registers Alice's model 1 with a 30-day commercial
/// inference offer (offer 1), deploys a gateway operated by Alice serving model
/// 1 at [`FEE`]; evaluates to `(stack, gateway address, market call builder)`.
macro_rules! served_model {
    ($client:expr) => {{
        let stack: Stack = deploy_stack!($client);
        let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
        $crate::register!(
            $client,
            stack.registry,
            ink_e2e::alice(),
            model_draft("llama-serve", &[])
        )
        .expect("registering the model failed");
        let commercial = offer(&[Use::CommercialInference], LicenseDuration::Period(30 * DAY));
        $client
            .call(&ink_e2e::alice(), &market.create_offer(1, commercial))
            .submit()
            .await
            .expect("creating the offer failed");
        let gateway: AccountId = deploy_gateway!($client, stack.market);
        let mut call = ink_e2e::create_call_builder::<Gateway>(gateway);
        $client
            .call(&ink_e2e::alice(), &call.set_fee(1, Some(FEE)))
            .submit()
            .await
            .expect("setting the fee failed");
        (stack, gateway, market)
    }};
}

#[e2e::test]
async fn a_licensed_callers_fee_pays_the_model_in_one_market_call<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Bob holds a commercial-inference license on model 1
    let (stack, gateway, mut market) = served_model!(client);
    let mut call = ink_e2e::create_call_builder::<Gateway>(gateway);
    client.call(&ink_e2e::bob(), &market.buy(1, 1, PRICE)).value(PRICE).submit().await?;
    let pending = market.pending_of(1);
    let pending_before = client.call(&ink_e2e::bob(), &pending).dry_run().await?.return_value();
    let bob_before = client.free_balance(account(Bob)).await?;
    let gateway_before = client.free_balance(gateway).await?;
    let market_before = client.free_balance(stack.market).await?;

    // when
    let served = client.call(&ink_e2e::bob(), &call.infer(1, REQUEST)).value(FEE).submit().await?;

    // then: request 1 is announced by the gateway, and the market, called
    // once and running no other code, credits exactly the fee to the model
    let cost = costs_of(&served.events, account(Bob));
    let emitted = served.contract_emitted_events()?;
    assert_eq!(served.message_result(), Ok(Ok(1)));
    assert_eq!(emitted.len(), 2);
    assert_eq!(emitted[0].event.contract, gateway);
    assert_eq!(
        decode_event::<InferenceRequested>(&emitted[0]),
        InferenceRequested {
            call_id: 1,
            model: 1,
            caller: account(Bob),
            request_hash: REQUEST,
            fee: FEE,
        }
    );
    assert_eq!(emitted[1].event.contract, stack.market);
    assert_eq!(
        decode_event::<Deposited>(&emitted[1]),
        Deposited { model: 1, payer: gateway, amount: FEE, upstream: Vec::new() }
    );
    let mut entered = frames(&served.events);
    entered.sort_by_key(|frame| format!("{frame:?}"));
    let mut expected =
        vec![Frame::Called { contract: gateway }, Frame::Called { contract: stack.market }];
    expected.sort_by_key(|frame| format!("{frame:?}"));
    assert_eq!(entered, expected, "one gateway frame, one market frame, no desk");
    let pending_after = client.call(&ink_e2e::bob(), &pending).dry_run().await?.return_value();
    assert_eq!(pending_after, pending_before + FEE, "the fee is the owner's, in its round");
    assert_eq!(client.free_balance(stack.market).await?, market_before + FEE);
    assert_eq!(client.free_balance(gateway).await?, gateway_before, "the gateway keeps nothing");
    let spent = i128::try_from(bob_before - client.free_balance(account(Bob)).await?)?;
    assert_eq!(spent, i128::try_from(FEE)? + cost);
    let calls = client.call(&ink_e2e::bob(), &call.calls()).dry_run().await?.return_value();
    assert_eq!(calls, 1);
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}

#[e2e::test]
async fn an_unlicensed_caller_is_refused_and_pays_nothing<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: nobody holds a license
    let (stack, gateway, market) = served_model!(client);
    let mut call = ink_e2e::create_call_builder::<Gateway>(gateway);
    let charlie_before = client.free_balance(account(Charlie)).await?;
    let market_before = client.free_balance(stack.market).await?;

    // when
    let request = call.infer(1, REQUEST);
    let refused = client.call(&ink_e2e::charlie(), &request).value(FEE).dry_run().await?;
    let submitted = client.call(&ink_e2e::charlie(), &request).value(FEE).submit().await;

    // then
    assert_eq!(refused.return_value(), Err(GatewayError::NotLicensed { model: 1 }));
    assert_reverted!(submitted);
    // A reverted extrinsic still costs its signer the fee, and nothing more.
    let spent = charlie_before - client.free_balance(account(Charlie)).await?;
    assert!(spent < FEE_BOUND, "Charlie lost {spent}: more than a failed call's fee");
    assert_eq!(client.free_balance(stack.market).await?, market_before);
    let solvency = client.call(&ink_e2e::bob(), &market.solvency()).dry_run().await?;
    assert_eq!(solvency.return_value().liabilities, 0);
    let calls = client.call(&ink_e2e::bob(), &call.calls()).dry_run().await?.return_value();
    assert_eq!(calls, 0);
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}

#[e2e::test]
async fn a_request_without_exactly_the_fee_or_for_an_unserved_model_is_refused<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Bob is licensed; model 2 exists but the gateway does not serve it
    let (stack, gateway, mut market) = served_model!(client);
    let mut call = ink_e2e::create_call_builder::<Gateway>(gateway);
    client.call(&ink_e2e::bob(), &market.buy(1, 1, PRICE)).value(PRICE).submit().await?;
    register!(client, stack.registry, ink_e2e::alice(), model_draft("unserved", &[]))?;
    let bob_before = client.free_balance(account(Bob)).await?;
    let market_before = client.free_balance(stack.market).await?;

    // when / then
    let cases: [(u64, Balance, GatewayError); 4] = [
        (1, FEE - 1, GatewayError::WrongFee { required: FEE, paid: FEE - 1 }),
        (1, FEE + 1, GatewayError::WrongFee { required: FEE, paid: FEE + 1 }),
        (1, 0, GatewayError::WrongFee { required: FEE, paid: 0 }),
        (2, FEE, GatewayError::ModelNotServed { model: 2 }),
    ];
    for (model, paid, expected) in cases {
        let request = call.infer(model, REQUEST);
        let dry_run = client.call(&ink_e2e::bob(), &request).value(paid).dry_run().await?;
        assert_eq!(dry_run.return_value(), Err(expected));
        assert_reverted!(client.call(&ink_e2e::bob(), &request).value(paid).submit().await);
    }
    // Four reverted extrinsics cost their fees, and nothing more.
    let spent = bob_before - client.free_balance(account(Bob)).await?;
    assert!(spent < 4 * FEE_BOUND, "Bob lost {spent}: more than the failed calls' fees");
    assert_eq!(client.free_balance(stack.market).await?, market_before);

    // only the operator sets fees
    let by_bob = client.call(&ink_e2e::bob(), &call.set_fee(2, Some(1))).dry_run().await?;
    assert_eq!(by_bob.return_value(), Err(GatewayError::Admin(AdminError::NotAdmin)));
    let fee = client.call(&ink_e2e::bob(), &call.fee_of(2)).dry_run().await?.return_value();
    assert_eq!(fee, None);
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}

#[e2e::test]
async fn an_expired_license_or_one_for_another_use_is_refused<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Charlie holds a research-only license; Dave a 4-second commercial one
    const PERIOD: Timestamp = 4_000;
    let (stack, gateway, mut market) = served_model!(client);
    let mut call = ink_e2e::create_call_builder::<Gateway>(gateway);
    let research = offer(&[Use::Research], LicenseDuration::Perpetual);
    let short = offer(&[Use::CommercialInference], LicenseDuration::Period(PERIOD));
    client.call(&ink_e2e::alice(), &market.create_offer(1, research)).submit().await?;
    client.call(&ink_e2e::alice(), &market.create_offer(1, short)).submit().await?;
    client.call(&ink_e2e::charlie(), &market.buy(1, 2, PRICE)).value(PRICE).submit().await?;
    client.call(&ink_e2e::dave(), &market.buy(1, 3, PRICE)).value(PRICE).submit().await?;
    let request = call.infer(1, REQUEST);
    let served = client.call(&ink_e2e::dave(), &request).value(FEE).dry_run().await?;
    assert_eq!(served.return_value(), Ok(1), "Dave is served while his license is valid");

    // when: the node's clock passes Dave's expiry
    advance_node_clock(&mut client, PERIOD + 1_500).await?;

    // then
    for (signer, why) in [(ink_e2e::charlie(), "research only"), (ink_e2e::dave(), "expired")] {
        let refused = client.call(&signer, &request).value(FEE).dry_run().await?;
        assert_eq!(refused.return_value(), Err(GatewayError::NotLicensed { model: 1 }), "{why}");
    }
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}
