//! How the market's payments scale: `Royalties::deposit` (and `set_split`,
//! `distribute`) against the size of the model's split, and `withdraw`
//! against the splits the caller accepted.

use crate::report::UNIT;
use crate::runner::Signer;
use crate::scenario::{recipients, RoyaltiesRef, Scenario};
use ink::codegen::TraitCallBuilder;
use modelmint_cli::CliError;
use modelmint_common::royalties::{Recipient, Royalties};
use modelmint_market::Market;
use modelmint_registry::Registry;

/// The split sizes `Royalties::deposit` is measured with.
const DEPOSIT_SIZES: [u32; 3] = [1, 8, 32];
/// Dave's split memberships `withdraw` is measured with; 64 is the most an
/// account may accept.
const WITHDRAW_MEMBERSHIPS: [usize; 4] = [1, 8, 32, 64];

impl Scenario<'_> {
    /// `Royalties::deposit` (and `set_split`, `distribute`) with 1, 8 and 32
    /// split recipients, one fresh model of Alice's each; Ferdie deposits 1
    /// unit twice, then distributes.
    ///
    /// # Errors
    /// The first refusal or chain error.
    pub async fn deposit_scaling(&mut self) -> Result<(), CliError> {
        use Signer::{Alice, Ferdie};
        self.bench.stage(
            "Royalties::deposit with 1, 8 and 32 split recipients (one fresh model each)",
            None,
        );
        let mut salts = Vec::new();
        for n in DEPOSIT_SIZES {
            let (case, name) = (format!("split model {n}"), format!("bench-split-{n}"));
            salts.push(self.commit_measured(&case, Alice, &name).await?);
        }
        let mut market = ink_e2e::create_call_builder::<Market>(self.at.market);
        let mut pay: RoyaltiesRef = self.at.market.into();
        for (n, salt) in DEPOSIT_SIZES.into_iter().zip(salts) {
            let (case, name) = (format!("split model {n}"), format!("bench-split-{n}"));
            let model = self.register_measured(&case, Alice, &name, salt, vec![]).await?;
            let case = format!("{n} recipients");
            let bench = &mut *self.bench;
            bench
                .measure(
                    &case,
                    Alice,
                    ("market", "set_split"),
                    &market.set_split(model, recipients(n)),
                    0,
                )
                .await?;
            let deposit = pay.call_mut().deposit(model);
            let label = ("market", "Royalties::deposit");
            bench.measure(&case, Ferdie, label, &deposit, UNIT).await?;
            bench
                .measure(&format!("{case}, second deposit"), Ferdie, label, &deposit, UNIT)
                .await?;
            bench
                .measure(&case, Ferdie, ("market", "distribute"), &market.distribute(model), 0)
                .await?;
        }
        Ok(())
    }

    /// The weight of `withdraw` grows with the splits the caller accepted,
    /// each with money to take: Dave is listed in the splits of 1, 8, 32, then
    /// 64 fresh models of Alice's, each split the largest allowed (Dave and 31
    /// accounts, 1/32 each), and accepts each; 1 unit is deposited for each,
    /// and Dave's withdrawal, which takes his part of all of them (and writes
    /// only his own cells), is measured. 64 × 32 is the worst case.
    ///
    /// # Errors
    /// The first refusal or chain error.
    pub async fn withdraw_scaling(&mut self) -> Result<(), CliError> {
        use Signer::{Alice, Dave, Ferdie};
        let last = WITHDRAW_MEMBERSHIPS[WITHDRAW_MEMBERSHIPS.len() - 1];
        let deposits: usize = WITHDRAW_MEMBERSHIPS.iter().sum();
        let steps = 4 * last + deposits + WITHDRAW_MEMBERSHIPS.len();
        self.bench.stage(
            "market.withdraw with 1, 8, 32 and 64 memberships of 32-recipient splits",
            u64::try_from(steps).ok(),
        );
        let share = 1_000_000 / 32;
        let mut split = vec![Recipient { account: Dave.account(), share }];
        split.extend(recipients(31).into_iter().map(|recipient| Recipient { share, ..recipient }));

        let mut registry = ink_e2e::create_call_builder::<Registry>(self.at.registry);
        let mut salts = Vec::new();
        self.bench.doing("Alice commits to 64 models");
        for i in 1..=last {
            let (commitment, salt) = self.commitment(Alice, &format!("withdraw-{i}"))?;
            self.bench.call(Alice, ("registry", "commit"), &registry.commit(commitment), 0).await?;
            self.bench.step();
            salts.push(salt);
        }
        self.bench.doing("Alice registers them");
        let mut models = Vec::new();
        for (i, salt) in (1..=last).zip(salts) {
            let name = format!("withdraw-{i}");
            let draft = self.draft(&name, format!("ipfs://modelmint-bench/{name}"), vec![]);
            let model = self
                .bench
                .call(Alice, ("registry", "register"), &registry.register(draft, salt), 0)
                .await?;
            self.bench.step();
            models.push(model);
        }

        let mut market = ink_e2e::create_call_builder::<Market>(self.at.market);
        let mut pay: RoyaltiesRef = self.at.market.into();
        let bench = &mut *self.bench;
        let mut listed = 0;
        for n in WITHDRAW_MEMBERSHIPS {
            // Dave joins splits until he is listed in exactly n of them.
            bench.doing(format!("Dave joins splits up to {n}"));
            for &model in &models[listed..n] {
                let set = market.set_split(model, split.clone());
                bench.call(Alice, ("market", "set_split"), &set, 0).await?;
                bench
                    .call(Dave, ("market", "accept_split"), &market.accept_split(model), 0)
                    .await?;
                bench.step();
                bench.step();
            }
            listed = n;
            bench.doing(format!("Ferdie deposits for {n} models"));
            for &model in &models[..n] {
                let deposit = pay.call_mut().deposit(model);
                bench.call(Ferdie, ("market", "Royalties::deposit"), &deposit, UNIT).await?;
                bench.step();
            }
            bench
                .measure(
                    &format!("{n} memberships"),
                    Dave,
                    ("market", "withdraw"),
                    &market.withdraw(Vec::new()),
                    0,
                )
                .await?;
            bench.step();
        }
        Ok(())
    }
}
