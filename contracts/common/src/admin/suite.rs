//! The administration conformance suite as a macro, available in every build
//! so that contracts can invoke it unconditionally; what it generates only
//! compiles under `cfg(test)`.

/// Generates the administration conformance suite for a contract: `#[ink::test]`s
/// that prove every rule of [`crate::admin::Admin`] on the contract itself.
///
/// ```ignore
/// modelmint_common::admin_conformance_tests! {
///     contract: Registry,
///     error: RegistryError,
///     // a fresh contract, instantiated by the caller, with this timelock
///     new: |timelock| Registry::new(timelock),
///     // state-changing messages the pause must stop, by their metadata label
///     pausable: ["register" => |c: &mut Registry| c.register(draft()).map(drop)],
///     // state-changing messages the pause must never stop (the ways out)
///     unpausable: ["set_uri" => |c: &mut Registry| c.set_uri(1, "x".into())],
/// }
/// ```
///
/// `new` returns `Result<Contract, AdminError>`; each closure performs one
/// message and returns `Result<(), error>` where `error: From<AdminError>`.
/// Every state-changing message of the contract's metadata must be listed,
/// as pausable or not, or be one of the administration's own
/// (`admin::conformance::ADMIN_MESSAGES`): a test compares the
/// labels with the metadata ink! generates, so a new message cannot be
/// forgotten. A label may appear in both lists when its arguments decide
/// (revoking an approval is a way out, granting one is not).
/// Every listed message must also be refused while the stored layout is not
/// the code's. The contract holds its [`crate::admin::AdminData`] in a field
/// named `admin` (the generated module sits inside the contract's module, so
/// it may set that field's layout version as an older code would have left
/// it).
#[macro_export]
macro_rules! admin_conformance_tests {
    (
        contract: $contract:ty,
        error: $error:ty,
        new: $new:expr,
        pausable: [$($pausable_label:literal => $pausable:expr),* $(,)?],
        unpausable: [$($unpausable_label:literal => $unpausable:expr),* $(,)?] $(,)?
    ) => {
        #[cfg(test)]
        mod admin_conformance {
            use super::*;
            use $crate::admin::conformance::{
                accounts, act_as, event_count, events_since, set_time, unlisted_messages,
            };
            use $crate::admin::events::{
                ActionCancelled, ActionScheduled, AdminChanged, AdminProposed, AdminRenounced,
                PauseChanged, Rewired,
            };
            use $crate::admin::{Admin, AdminAction, AdminError, Link, Timelock, Wiring};

            const DELAY: u64 = 3_600_000;
            const T0: u64 = 1_000_000;

            fn instantiate(timelock: Timelock) -> $contract {
                act_as(accounts().alice);
                set_time(T0);
                let new: fn(Timelock) -> core::result::Result<$contract, AdminError> = $new;
                new(timelock).expect("the contract instantiates")
            }

            fn pausable() -> Vec<fn(&mut $contract) -> core::result::Result<(), $error>> {
                vec![$($pausable),*]
            }

            fn unpausable() -> Vec<fn(&mut $contract) -> core::result::Result<(), $error>> {
                vec![$($unpausable),*]
            }

            // ink! generates the metadata only for a contract built as one: a
            // workspace-wide `cargo test` unifies `ink-as-dependency` into
            // every contract crate (the command line depends on them), so this
            // test runs in `cargo test -p <contract>`, as scripts/test.sh's
            // admin conformance stage runs it.
            #[cfg(not(feature = "ink-as-dependency"))]
            #[test]
            fn admin_every_state_changing_message_is_listed_as_pausable_or_a_way_out() {
                extern "Rust" {
                    // ink!'s code generation defines it in every contract crate
                    // built with `std`; cargo-contract's metadata step calls it.
                    fn __ink_generate_metadata() -> ::ink::metadata::InkProject;
                }
                // SAFETY: the symbol is the function ink! generated for this
                // crate, with exactly this signature.
                let project = unsafe { __ink_generate_metadata() };
                let listed: Vec<&str> = vec![$($pausable_label,)* $($unpausable_label,)*];
                let (unlisted, unknown) = unlisted_messages(&project, &listed);
                assert!(
                    unlisted.is_empty(),
                    "state-changing messages in neither list of the admin conformance suite: {unlisted:?}"
                );
                assert!(unknown.is_empty(), "listed, but not a state-changing message of the contract: {unknown:?}");
            }

            fn upgrade() -> AdminAction {
                AdminAction::Upgrade { code_hash: [7; 32].into() }
            }

            /// A wiring of every link the contract uses to Eve's account.
            fn rewiring(links: &[Link]) -> Wiring {
                let eve = Some(accounts().eve);
                let uses = |link| if links.contains(&link) { eve } else { None };
                Wiring {
                    registry: uses(Link::Registry),
                    market: uses(Link::Market),
                    arbiter: uses(Link::Arbiter),
                }
            }

            #[ink::test]
            fn admin_instantiation_records_the_administrator_and_the_timelock() {
                let contract = instantiate(Timelock::Delay(DELAY));
                let view = contract.admin_state();
                assert_eq!(view.admin, Some(accounts().alice));
                assert_eq!((view.proposed, view.paused, view.scheduled), (None, false, None));
                assert_eq!(view.delay, DELAY);
                assert_eq!(view.layout_version, view.code_layout_version);
                view.wiring.ensure_only(&view.links).expect("only used links are wired");
                assert_eq!(instantiate(Timelock::Disabled).admin_state().delay, 0);
                let new: fn(Timelock) -> core::result::Result<$contract, AdminError> = $new;
                assert_eq!(new(Timelock::Delay(0)).err(), Some(AdminError::ZeroDelay));
            }

            #[ink::test]
            fn admin_messages_of_a_stranger_are_refused_and_change_nothing() {
                let mut contract = instantiate(Timelock::Delay(DELAY));
                let links = contract.admin_state().links;
                contract.schedule(upgrade()).expect("the administrator schedules");
                let before = contract.admin_state();
                let events = event_count();
                act_as(accounts().bob);
                set_time(T0 + DELAY);
                let not_admin = Err(AdminError::NotAdmin);
                assert_eq!(contract.propose_admin(Some(accounts().bob)), not_admin);
                assert_eq!(contract.renounce_admin(), not_admin);
                assert_eq!(contract.set_paused(true), not_admin);
                assert_eq!(contract.wire(rewiring(&links)), not_admin);
                assert_eq!(contract.schedule(upgrade()).map(drop), not_admin);
                assert_eq!(contract.cancel_scheduled(), not_admin);
                assert_eq!(contract.execute_scheduled(), not_admin);
                assert_eq!(contract.accept_admin(), Err(AdminError::NotProposedAdmin));
                assert_eq!(contract.admin_state(), before);
                assert_eq!(event_count(), events, "a refusal emits nothing");
            }

            #[ink::test]
            fn admin_transfer_takes_a_proposal_and_an_acceptance() {
                let mut contract = instantiate(Timelock::Delay(DELAY));
                let (alice, bob) = (accounts().alice, accounts().bob);
                let events = event_count();
                contract.propose_admin(Some(bob)).expect("proposal");
                assert_eq!(events_since::<AdminProposed>(events), vec![AdminProposed { proposed: Some(bob) }]);
                assert_eq!(contract.admin_state().admin, Some(alice), "nothing changes yet");
                act_as(accounts().charlie);
                assert_eq!(contract.accept_admin(), Err(AdminError::NotProposedAdmin));
                act_as(bob);
                contract.accept_admin().expect("acceptance");
                assert_eq!(
                    events_since::<AdminChanged>(events),
                    vec![AdminChanged { previous: alice, admin: bob }]
                );
                let view = contract.admin_state();
                assert_eq!((view.admin, view.proposed), (Some(bob), None));
                act_as(alice);
                assert_eq!(contract.set_paused(true), Err(AdminError::NotAdmin));
            }

            #[ink::test]
            fn admin_upgrade_waits_for_the_delay_and_a_cancelled_one_never_executes() {
                let mut contract = instantiate(Timelock::Delay(DELAY));
                let events = event_count();
                let ready_at = contract.schedule(upgrade()).expect("scheduled");
                assert_eq!(ready_at, T0 + DELAY);
                let scheduled = events_since::<ActionScheduled>(events);
                assert_eq!(scheduled.len(), 1);
                assert_eq!(scheduled[0].scheduled.action, upgrade());
                assert_eq!(scheduled[0].scheduled.ready_at, ready_at);
                assert_eq!(contract.admin_state().scheduled, Some(scheduled[0].scheduled));
                assert_eq!(contract.schedule(upgrade()), Err(AdminError::ActionPending { ready_at }));
                set_time(ready_at - 1);
                assert_eq!(
                    contract.execute_scheduled(),
                    Err(AdminError::TooEarly { ready_at, now: ready_at - 1 })
                );
                contract.cancel_scheduled().expect("cancelled");
                assert_eq!(
                    events_since::<ActionCancelled>(events),
                    vec![ActionCancelled { action: upgrade() }]
                );
                set_time(ready_at);
                assert_eq!(contract.execute_scheduled(), Err(AdminError::NothingScheduled));
                assert_eq!(contract.cancel_scheduled(), Err(AdminError::NothingScheduled));
                assert_eq!(contract.admin_state().scheduled, None);
            }

            #[ink::test]
            fn admin_rewiring_is_scheduled_and_takes_effect_after_the_delay() {
                let mut contract = instantiate(Timelock::Delay(DELAY));
                let view = contract.admin_state();
                let next = rewiring(&view.links);
                for link in Link::ALL {
                    if !view.links.contains(&link) {
                        let mut unused = next;
                        match link {
                            Link::Registry => unused.registry = Some(accounts().eve),
                            Link::Market => unused.market = Some(accounts().eve),
                            Link::Arbiter => unused.arbiter = Some(accounts().eve),
                        }
                        assert_eq!(
                            contract.schedule(AdminAction::Rewire { wiring: unused }),
                            Err(AdminError::UnusedLink { link })
                        );
                    }
                }
                let ready_at = contract.schedule(AdminAction::Rewire { wiring: next }).expect("scheduled");
                set_time(ready_at - 1);
                assert_eq!(
                    contract.execute_scheduled(),
                    Err(AdminError::TooEarly { ready_at, now: ready_at - 1 })
                );
                assert_eq!(contract.admin_state().wiring, view.wiring, "unchanged during the delay");
                set_time(ready_at);
                let events = event_count();
                contract.execute_scheduled().expect("executed");
                assert_eq!(
                    events_since::<Rewired>(events),
                    vec![Rewired { previous: view.wiring, wiring: next }]
                );
                assert_eq!(contract.admin_state().wiring, next);
                assert_eq!(contract.admin_state().scheduled, None);
            }

            #[ink::test]
            fn admin_a_scheduled_action_expires_after_the_grace_period() {
                let mut contract = instantiate(Timelock::Delay(DELAY));
                let grace = contract.admin_state().grace;
                assert!(grace > 0, "instantiated with a grace period");
                let ready_at = contract.schedule(upgrade()).expect("scheduled");
                let expired_at = ready_at + grace;
                assert_eq!(contract.admin_state().scheduled.map(|s| s.expires_at), Some(expired_at));
                set_time(expired_at + 1);
                assert_eq!(contract.execute_scheduled(), Err(AdminError::ActionExpired { expired_at }));
                assert_eq!(contract.admin_state().scheduled.map(|s| s.action), Some(upgrade()));
                // Scheduling again replaces it and starts a new delay.
                let events = event_count();
                let again = contract.schedule(upgrade()).expect("scheduled again");
                assert_eq!(again, expired_at + 1 + DELAY);
                assert_eq!(events_since::<ActionCancelled>(events), vec![ActionCancelled { action: upgrade() }]);
                assert_eq!(events_since::<ActionScheduled>(events).len(), 1);
            }

            #[ink::test]
            fn admin_immediate_wiring_is_open_only_to_a_contract_never_wired() {
                let mut contract = instantiate(Timelock::Delay(DELAY));
                let view = contract.admin_state();
                let next = rewiring(&view.links);
                if view.wiring == Wiring::default() {
                    act_as(accounts().bob);
                    assert_eq!(contract.wire(next), Err(AdminError::NotAdmin));
                    act_as(accounts().alice);
                    let events = event_count();
                    contract.wire(next).expect("the first wiring");
                    assert_eq!(
                        events_since::<Rewired>(events),
                        vec![Rewired { previous: Wiring::default(), wiring: next }]
                    );
                }
                assert_eq!(contract.wire(Wiring::default()), Err(AdminError::WiringAlreadySet));
                assert_eq!(contract.admin_state().wiring, if view.wiring == Wiring::default() { next } else { view.wiring });
            }

            #[ink::test]
            fn admin_pause_stops_what_is_documented_and_nothing_else() {
                let mut contract = instantiate(Timelock::Delay(DELAY));
                let events = event_count();
                contract.set_paused(true).expect("paused");
                assert_eq!(events_since::<PauseChanged>(events), vec![PauseChanged { paused: true }]);
                assert_eq!(contract.set_paused(true), Err(AdminError::PauseUnchanged));
                let paused: $error = AdminError::Paused.into();
                for (index, message) in pausable().into_iter().enumerate() {
                    assert_eq!(message(&mut contract), Err(paused.clone()), "pausable message {index}");
                }
                for (index, message) in unpausable().into_iter().enumerate() {
                    assert_ne!(message(&mut contract), Err(paused.clone()), "unpausable message {index}");
                }
                // Resuming is proven on the node (the pausable messages call
                // other contracts, which the off-chain engine cannot).
                contract.set_paused(false).expect("resumed");
                assert!(!contract.admin_state().paused);
            }

            #[ink::test]
            fn admin_renounced_means_no_upgrade_no_rewiring_and_no_pause_ever() {
                let mut contract = instantiate(Timelock::Delay(DELAY));
                let links = contract.admin_state().links;
                contract.set_paused(true).expect("paused");
                contract.schedule(upgrade()).expect("scheduled");
                contract.propose_admin(Some(accounts().bob)).expect("proposed");
                let events = event_count();
                contract.renounce_admin().expect("renounced");
                assert_eq!(
                    events_since::<AdminRenounced>(events),
                    vec![AdminRenounced { previous: accounts().alice }]
                );
                assert_eq!(events_since::<ActionCancelled>(events).len(), 1);
                let view = contract.admin_state();
                assert_eq!((view.admin, view.proposed, view.paused, view.scheduled), (None, None, false, None));
                act_as(accounts().bob);
                assert_eq!(contract.accept_admin(), Err(AdminError::NotProposedAdmin));
                for who in [accounts().alice, accounts().bob] {
                    act_as(who);
                    assert_eq!(contract.set_paused(true), Err(AdminError::NotAdmin));
                    assert_eq!(contract.schedule(upgrade()).map(drop), Err(AdminError::NotAdmin));
                    assert_eq!(contract.wire(rewiring(&links)), Err(AdminError::NotAdmin));
                    assert_eq!(contract.renounce_admin(), Err(AdminError::NotAdmin));
                }
            }

            #[ink::test]
            fn admin_another_layout_refuses_state_changes_but_keeps_the_upgrade_path() {
                let mut contract = instantiate(Timelock::Delay(DELAY));
                let code = contract.admin_state().code_layout_version;
                // as code of another layout would have left the guard (the
                // migration rule writes exactly that; its event is not emitted)
                contract.admin.complete_migration(code - 1);
                let mismatch: $error = AdminError::LayoutMismatch { stored: code - 1, code }.into();
                for (index, message) in pausable().into_iter().chain(unpausable()).enumerate() {
                    assert_eq!(message(&mut contract), Err(mismatch.clone()), "message {index}");
                }
                let links = contract.admin_state().links;
                let ready_at = contract
                    .schedule(AdminAction::Rewire { wiring: rewiring(&links) })
                    .expect("scheduling works before a migration");
                set_time(ready_at);
                contract.execute_scheduled().expect("executing works before a migration");
                contract.set_paused(true).expect("pausing works before a migration");
                assert_eq!(contract.admin_state().layout_version, code - 1);
            }
        }
    };
}
