//! The PSP34 conformance suite as a macro, available in every build so that a
//! contract can invoke it unconditionally; what it generates only compiles
//! under `cfg(test)`.

/// Generates the PSP34 conformance suite for a contract: `#[ink::test]`s that
/// prove, on the contract itself, that [`crate::psp34::PSP34`] and
/// [`crate::psp34::PSP34Metadata`] behave as the standard says: ids, balances,
/// ownership, the two kinds of approval, transfers with their events, and the
/// standard errors for strangers, unknown tokens and self-approval, each
/// refusal changing nothing and emitting nothing.
///
/// ```ignore
/// modelmint_common::psp34_conformance_tests! {
///     contract: Registry,
///     // a fresh contract, instantiated by the current caller
///     new: || Registry::new(...),
///     // mints a new token to the current caller and returns its id
///     mint: |c: &mut Registry| Id::U64(c.register(...).unwrap()),
/// }
/// ```
///
/// The standard selectors are proven on a node by the e2e suite, which calls
/// each message by its literal PSP34 selector.
#[macro_export]
macro_rules! psp34_conformance_tests {
    (
        contract: $contract:ty,
        new: $new:expr,
        mint: $mint:expr $(,)?
    ) => {
        #[cfg(test)]
        mod psp34_conformance {
            use super::*;
            use $crate::admin::conformance::{accounts, act_as, event_count, events_since};
            use $crate::psp34::{Approval, Id, PSP34Error, PSP34Metadata, Transfer, PSP34};

            /// A fresh contract instantiated by Alice, and two tokens of hers.
            fn with_two_tokens() -> ($contract, Id, Id) {
                act_as(accounts().alice);
                let new: fn() -> $contract = $new;
                let mint: fn(&mut $contract) -> Id = $mint;
                let mut contract = new();
                let first = mint(&mut contract);
                let second = mint(&mut contract);
                assert_ne!(first, second, "each mint makes a new token");
                (contract, first, second)
            }

            /// Everything PSP34 shows about the tokens and the test accounts.
            fn view(contract: &$contract, ids: &[Id]) -> impl PartialEq + core::fmt::Debug {
                let people = [accounts().alice, accounts().bob, accounts().charlie];
                let owners: Vec<_> = ids.iter().map(|id| contract.owner_of(id.clone())).collect();
                let balances = people.map(|who| contract.balance_of(who));
                let mut allowances = Vec::new();
                for owner in people {
                    for operator in people {
                        allowances.push(contract.allowance(owner, operator, None));
                        for id in ids {
                            allowances.push(contract.allowance(owner, operator, Some(id.clone())));
                        }
                    }
                }
                (owners, balances, allowances, contract.total_supply())
            }

            #[ink::test]
            fn psp34_collection_id_is_the_contracts_address() {
                let (contract, _, _) = with_two_tokens();
                let address = ink::env::account_id::<ink::env::DefaultEnvironment>();
                let bytes: &[u8] = address.as_ref();
                assert_eq!(contract.collection_id(), Id::Bytes(bytes.to_vec()));
            }

            #[ink::test]
            fn psp34_minted_tokens_are_counted_and_owned() {
                let (contract, first, second) = with_two_tokens();
                let alice = accounts().alice;
                assert_eq!(contract.total_supply(), 2);
                assert_eq!(contract.balance_of(alice), 2);
                assert_eq!(contract.balance_of(accounts().bob), 0);
                assert_eq!(contract.owner_of(first.clone()), Some(alice));
                assert_eq!(contract.owner_of(second), Some(alice));
                assert_eq!(contract.owner_of(Id::U64(u64::MAX)), None);
                assert_eq!(contract.owner_of(Id::Bytes(vec![1, 2, 3])), None);
                assert!(!contract.allowance(alice, accounts().bob, Some(first)));
                assert!(!contract.allowance(alice, accounts().bob, None));
            }

            #[ink::test]
            fn psp34_the_owner_transfers_a_token_with_a_transfer_event() {
                let (mut contract, first, _) = with_two_tokens();
                let (alice, bob) = (accounts().alice, accounts().bob);
                let events = event_count();
                assert_eq!(contract.transfer(bob, first.clone(), vec![7]), Ok(()));
                assert_eq!(contract.owner_of(first.clone()), Some(bob));
                assert_eq!((contract.balance_of(alice), contract.balance_of(bob)), (1, 1));
                assert_eq!(contract.total_supply(), 2);
                assert_eq!(
                    events_since::<Transfer>(events),
                    vec![Transfer { from: Some(alice), to: Some(bob), id: first }]
                );
            }

            #[ink::test]
            fn psp34_refusals_are_the_standard_errors_and_change_nothing() {
                let (mut contract, first, second) = with_two_tokens();
                let (alice, bob, charlie) = (accounts().alice, accounts().bob, accounts().charlie);
                let unknown = Id::U64(u64::MAX);
                let ids = [first.clone(), second.clone()];
                let before = view(&contract, &ids);
                let events = event_count();

                act_as(bob);
                let stolen = contract.transfer(charlie, first.clone(), Vec::new());
                assert_eq!(stolen, Err(PSP34Error::NotApproved));
                let approved = contract.approve(charlie, Some(first.clone()), true);
                assert_eq!(approved, Err(PSP34Error::NotApproved));
                let missing = contract.transfer(charlie, unknown.clone(), Vec::new());
                assert_eq!(missing, Err(PSP34Error::TokenNotExists));
                assert_eq!(
                    contract.approve(charlie, Some(unknown), true),
                    Err(PSP34Error::TokenNotExists)
                );
                act_as(alice);
                assert_eq!(contract.approve(alice, None, true), Err(PSP34Error::SelfApprove));
                assert_eq!(
                    contract.approve(alice, Some(second), true),
                    Err(PSP34Error::SelfApprove)
                );
                let to_self = contract.transfer(alice, first, Vec::new());
                assert!(matches!(to_self, Err(PSP34Error::Custom(_))), "got {to_self:?}");

                assert!(before == view(&contract, &ids), "a refusal changed the tokens");
                assert_eq!(event_count(), events, "a refusal emits nothing");
            }

            #[ink::test]
            fn psp34_a_token_approval_allows_one_transfer_of_that_token() {
                let (mut contract, first, second) = with_two_tokens();
                let (alice, bob, charlie) = (accounts().alice, accounts().bob, accounts().charlie);
                let events = event_count();
                assert_eq!(contract.approve(bob, Some(first.clone()), true), Ok(()));
                assert_eq!(
                    events_since::<Approval>(events),
                    vec![Approval {
                        owner: alice,
                        operator: bob,
                        id: Some(first.clone()),
                        approved: true
                    }]
                );
                assert!(contract.allowance(alice, bob, Some(first.clone())));
                assert!(!contract.allowance(alice, bob, Some(second.clone())));
                assert!(!contract.allowance(alice, bob, None));

                act_as(bob);
                let other = contract.transfer(charlie, second, Vec::new());
                assert_eq!(other, Err(PSP34Error::NotApproved));
                assert_eq!(contract.transfer(charlie, first.clone(), Vec::new()), Ok(()));
                assert_eq!(contract.owner_of(first.clone()), Some(charlie));
                assert!(
                    !contract.allowance(charlie, bob, Some(first.clone())),
                    "cleared on transfer"
                );
                assert_eq!(contract.transfer(bob, first, Vec::new()), Err(PSP34Error::NotApproved));
            }

            #[ink::test]
            fn psp34_an_operator_approval_covers_every_token_until_revoked() {
                let (mut contract, first, second) = with_two_tokens();
                let (alice, bob, charlie) = (accounts().alice, accounts().bob, accounts().charlie);
                assert_eq!(contract.approve(bob, None, true), Ok(()));
                assert!(contract.allowance(alice, bob, None));
                assert!(contract.allowance(alice, bob, Some(second.clone())));

                act_as(bob);
                assert_eq!(contract.transfer(charlie, first, Vec::new()), Ok(()));
                act_as(alice);
                let events = event_count();
                assert_eq!(contract.approve(bob, None, false), Ok(()));
                assert_eq!(
                    events_since::<Approval>(events),
                    vec![Approval { owner: alice, operator: bob, id: None, approved: false }]
                );
                assert!(!contract.allowance(alice, bob, Some(second.clone())));
                act_as(bob);
                assert_eq!(
                    contract.transfer(charlie, second, Vec::new()),
                    Err(PSP34Error::NotApproved)
                );
            }

            #[ink::test]
            fn psp34_metadata_answers_nothing_for_unknown_tokens_or_keys() {
                let (contract, first, _) = with_two_tokens();
                assert_eq!(contract.get_attribute(Id::U64(u64::MAX), b"name".to_vec()), None);
                assert_eq!(contract.get_attribute(first, b"no-such-key".to_vec()), None);
            }
        }
    };
}
