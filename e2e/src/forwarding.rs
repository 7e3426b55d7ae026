//! One address, two codes (issue 29): every cold message sent to the market
//! (an offer, a split change, a withdrawal) is answered by its desk, which
//! the market delegate-calls: the desk's code runs on the market's storage
//! and balance, and its events are the market's. A typed refusal through that
//! forward reverts the extrinsic with the desk's `MarketError` and changes
//! nothing.

use crate::stack::{commercial_offer, costs_of, model_draft, Stack, UNIT};
use crate::support::{account, decode_event, emitters, frames, E2EResult, Frame};
use crate::{assert_reverted, deploy_stack, register, upload_desk};
use ink::primitives::AccountId;
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Dave},
    ChainBackend, ContractsBackend,
};
use modelmint_common::licensing::LicenseCheck;
use modelmint_common::royalties::Recipient;
use modelmint_common::split::ShareError;
use modelmint_common::Balance;
use modelmint_market::{Market, MarketError, OfferCreated, SplitSet, Withdrawn};

const PRICE: Balance = UNIT;
/// More than a reverted extrinsic costs its signer in fees, and far less
/// than any price or deposit here.
const FEE_BOUND: Balance = UNIT / 100;

fn halves(first: AccountId, second: AccountId) -> Vec<Recipient> {
    vec![
        Recipient { account: first, share: 500_000 },
        Recipient { account: second, share: 500_000 },
    ]
}

#[e2e::test]
async fn a_cold_message_sent_to_the_market_is_answered_by_its_desk_on_the_markets_storage<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: the stack and Alice's model 1; the desk's code hash
    let stack: Stack = deploy_stack!(client);
    let desk = upload_desk!(client);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    register!(client, stack.registry, ink_e2e::alice(), model_draft("forwarded", &[]))?;
    let desk_code = client.call(&ink_e2e::bob(), &market.desk_code()).dry_run().await?;
    assert_eq!(desk_code.return_value(), desk);
    // the market's own frame, then the desk's code in the market's name
    let forwarded = vec![
        Frame::DelegateCalled { contract: stack.market, code_hash: desk },
        Frame::Called { contract: stack.market },
    ];
    let sorted = |mut entered: Vec<Frame>| {
        entered.sort_by_key(|frame| format!("{frame:?}"));
        entered
    };

    // when: Alice creates an offer at the market's address
    let terms = commercial_offer(PRICE);
    let create = market.create_offer(1, terms.clone());
    let created = client.call(&ink_e2e::alice(), &create).submit().await?;

    // then: the desk ran it, and the market's storage and events show it
    assert_eq!(created.message_result(), Ok(Ok(1)));
    assert_eq!(sorted(frames(&created.events)), sorted(forwarded.clone()));
    let emitted = created.contract_emitted_events()?;
    assert_eq!(emitters(&emitted), vec![stack.market]);
    assert_eq!(
        decode_event::<OfferCreated>(&emitted[0]),
        OfferCreated { offer: 1, model: 1, terms: terms.clone() }
    );
    let offer = client.call(&ink_e2e::bob(), &market.offer(1)).dry_run().await?.return_value();
    assert_eq!(offer.map(|o| (o.model, o.terms)), Some((1, terms)));
    let known = client.call(&ink_e2e::bob(), &market.model(1)).dry_run().await?.return_value();
    let slots: Vec<_> = known.expect("model 1 is known").offers.iter().map(|s| s.offer).collect();
    assert_eq!(slots, vec![1], "the offer's hot terms are in the model's record");

    // when: Alice splits the model with Dave, Bob buys (the market's own
    // code), and Dave withdraws his half (the desk pays from the market)
    let split = halves(account(Alice), account(Dave));
    let set = client.call(&ink_e2e::alice(), &market.set_split(1, split.clone())).submit().await?;
    client.call(&ink_e2e::dave(), &market.accept_split(1)).submit().await?;
    client.call(&ink_e2e::bob(), &market.buy(1, 1, PRICE)).value(PRICE).submit().await?;
    let market_before = client.free_balance(stack.market).await?;
    let dave_before = client.free_balance(account(Dave)).await?;
    let withdrawn = client.call(&ink_e2e::dave(), &market.withdraw(Vec::new())).submit().await?;

    // then
    assert_eq!(sorted(frames(&set.events)), sorted(forwarded.clone()));
    let emitted = set.contract_emitted_events()?;
    assert_eq!(emitters(&emitted), vec![stack.market]);
    assert_eq!(decode_event::<SplitSet>(&emitted[0]), SplitSet { model: 1, recipients: split });
    let stored = client.call(&ink_e2e::bob(), &market.split_of(1)).dry_run().await?;
    assert_eq!(stored.return_value(), Some(halves(account(Alice), account(Dave))));
    assert_eq!(withdrawn.message_result(), Ok(Ok(PRICE / 2)));
    assert_eq!(sorted(frames(&withdrawn.events)), sorted(forwarded));
    let emitted = withdrawn.contract_emitted_events()?;
    assert_eq!(emitters(&emitted), vec![stack.market]);
    assert_eq!(
        decode_event::<Withdrawn>(&emitted[0]),
        Withdrawn { account: account(Dave), amount: PRICE / 2 }
    );
    assert_eq!(client.free_balance(stack.market).await?, market_before - PRICE / 2);
    let gained =
        i128::try_from(client.free_balance(account(Dave)).await?)? - i128::try_from(dave_before)?;
    assert_eq!(gained, i128::try_from(PRICE / 2)? - costs_of(&withdrawn.events, account(Dave)));
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}

#[e2e::test]
async fn a_typed_refusal_through_the_forward_reverts_and_changes_nothing<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's model 1 with an offer and a split with Dave; Bob bought
    // a license
    let stack: Stack = deploy_stack!(client);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    register!(client, stack.registry, ink_e2e::alice(), model_draft("refusing", &[]))?;
    client
        .call(&ink_e2e::alice(), &market.create_offer(1, commercial_offer(PRICE)))
        .submit()
        .await?;
    let split = halves(account(Alice), account(Dave));
    client.call(&ink_e2e::alice(), &market.set_split(1, split.clone())).submit().await?;
    client.call(&ink_e2e::bob(), &market.buy(1, 1, PRICE)).value(PRICE).submit().await?;
    macro_rules! snapshot {
        () => {
            (
                client.call(&ink_e2e::dave(), &market.model(1)).dry_run().await?.return_value(),
                client.call(&ink_e2e::dave(), &market.split_of(1)).dry_run().await?.return_value(),
                client.call(&ink_e2e::dave(), &market.solvency()).dry_run().await?.return_value(),
                client.call(&ink_e2e::dave(), &market.offer(2)).dry_run().await?.return_value(),
                client.call(&ink_e2e::dave(), &market.license(1)).dry_run().await?.return_value(),
                client.free_balance(stack.market).await?,
            )
        };
    }
    let before = snapshot!();
    let bob_before = client.free_balance(account(Bob)).await?;

    // when: the market is sent cold messages the desk refuses
    // (`refused!` dry-runs a message as a signer, checks its typed error, then
    // submits it and checks that the extrinsic failed with a revert)
    macro_rules! refused {
        ($signer:expr, $message:expr, $error:expr) => {{
            let message = $message;
            let refused = client.call(&$signer, &message).dry_run().await?;
            assert_eq!(refused.return_value(), Err($error));
            assert_reverted!(client.call(&$signer, &message).submit().await);
        }};
    }
    let not_owner = MarketError::NotModelOwner { model: 1, owner: account(Alice) };
    refused!(ink_e2e::bob(), market.create_offer(1, commercial_offer(PRICE)), not_owner);
    let uneven = vec![Recipient { account: account(Bob), share: 999_999 }];
    let total = ShareError::SharesDoNotSumToWhole { total: 999_999 };
    refused!(ink_e2e::alice(), market.set_split(1, uneven), MarketError::InvalidShares(total));
    refused!(ink_e2e::bob(), market.accept_split(1), MarketError::NotARecipient { model: 1 });
    refused!(ink_e2e::bob(), market.withdraw(vec![1]), MarketError::NotPayee { model: 1 });
    let hand_on = market.transfer_license(1, Some(account(Dave)));
    refused!(ink_e2e::bob(), hand_on, MarketError::NotTransferable { license: 1 });

    // then: the market's storage and balance are as they were, Bob paid the
    // failed extrinsics' fees only, and the next offer takes the next id
    assert_eq!(snapshot!(), before);
    let spent = bob_before - client.free_balance(account(Bob)).await?;
    assert!(spent < 4 * FEE_BOUND, "Bob lost {spent}: more than four failed calls' fees");
    let create = market.create_offer(1, commercial_offer(PRICE));
    let created = client.call(&ink_e2e::alice(), &create).submit().await?;
    assert_eq!(created.return_value(), Ok(2), "no offer id was used up");
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}
