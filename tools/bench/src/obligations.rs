//! How a payment's cost grows with what the model owes upstream:
//! `Royalties::deposit` for models owing 0, 4 (datasets only) and 16
//! (`MAX_OBLIGATIONS`: 4 datasets and 12 models) ancestors a share. The
//! market credits each obligation directly (one read and write of the
//! ancestor's round), so the cost is linear in the obligations and bounded
//! by the registry's cap, whatever the depth of the lineage or the kinds.

use crate::report::UNIT;
use crate::runner::Signer;
use crate::scenario::{RoyaltiesRef, Scenario};
use ink::codegen::TraitCallBuilder;
use modelmint_cli::CliError;
use modelmint_common::royalties::Royalties;
use modelmint_common::{AssetKind, ModelId, Relation};
use modelmint_registry::{ParentRequest, Registry};

/// The obligation counts a deposit is measured with; 16 is
/// [`MAX_OBLIGATIONS`](modelmint_common::market::MAX_OBLIGATIONS).
pub const OBLIGATION_COUNTS: [usize; 3] = [0, 4, 16];

/// The measurement case of a deposit for a model owing `n` ancestors.
pub fn case(n: usize) -> String {
    format!("owes {n} ancestors")
}

/// One registration of the stage: who registers what, naming which edges.
struct Planned {
    signer: Signer,
    name: String,
    kind: AssetKind,
    /// Indexes into the ids registered before, with each edge's relation.
    edges: Vec<(usize, Relation)>,
}

impl Scenario<'_> {
    /// Dave registers 4 datasets and Alice 11 models; Bob registers an
    /// original (owing 0) and a model trained on the 4 datasets (owing 4);
    /// Charlie a model trained on them and derived from 8 of Alice's (owing
    /// 12); Eve a fine-tune of Charlie's model and of Alice's 3 others (owing
    /// 16: its own 4 edges and Charlie's 12, flattened). Every edge comes
    /// from an approval at 1 %. Ferdie then deposits 1 unit for the models
    /// owing 0, 4 and 16 (measured).
    ///
    /// # Errors
    /// The first refusal or chain error.
    pub async fn obligation_scaling(&mut self) -> Result<(), CliError> {
        use Signer::Ferdie;
        let plan = plan();
        let approvals = plan.iter().map(|planned| planned.edges.len()).sum::<usize>();
        let steps = 2 * plan.len() + approvals + OBLIGATION_COUNTS.len();
        self.bench.stage(
            "Royalties::deposit for models owing 0, 4 (datasets) and 16 (datasets and models) ancestors",
            u64::try_from(steps).ok(),
        );
        let mut registry = ink_e2e::create_call_builder::<Registry>(self.at.registry);
        let mut salts = Vec::new();
        self.bench.doing("committing to 19 assets");
        for planned in &plan {
            let (commitment, salt) = self.commitment(planned.signer, &planned.name)?;
            let commit = registry.commit(commitment);
            self.bench.call(planned.signer, ("registry", "commit"), &commit, 0).await?;
            self.bench.step();
            salts.push(salt);
        }
        let mut ids: Vec<ModelId> = Vec::new();
        for (planned, salt) in plan.iter().zip(salts) {
            // Each owner approves the registrant on each edge (1 %).
            for &(index, _) in &planned.edges {
                let owner = plan[index].signer;
                let approve =
                    registry.approve_derivative(ids[index], planned.signer.account(), Some(100));
                self.bench.call(owner, ("registry", "approve_derivative"), &approve, 0).await?;
                self.bench.step();
            }
            let parents = planned
                .edges
                .iter()
                .map(|&(index, relation)| ParentRequest {
                    model: ids[index],
                    relation,
                    max_royalty_bps: 100,
                })
                .collect();
            let uri = format!("ipfs://modelmint-bench/{}/card.md", planned.name);
            let draft = modelmint_registry::ModelDraft {
                kind: planned.kind,
                ..self.draft(&planned.name, uri, parents)
            };
            let register = registry.register(draft, salt);
            let id =
                self.bench.call(planned.signer, ("registry", "register"), &register, 0).await?;
            self.bench.step();
            ids.push(id);
        }
        let mut pay: RoyaltiesRef = self.at.market.into();
        // The last four registrations owe 0, 4, 12 and 16 ancestors.
        let owing = [(0, ids[15]), (4, ids[16]), (16, ids[18])];
        for (n, model) in owing {
            let deposit = pay.call_mut().deposit(model);
            self.bench
                .measure(&case(n), Ferdie, ("market", "Royalties::deposit"), &deposit, UNIT)
                .await?;
            self.bench.step();
        }
        Ok(())
    }
}

/// The stage's registrations, in order (see
/// [`Scenario::obligation_scaling`]).
fn plan() -> Vec<Planned> {
    use Signer::{Alice, Bob, Charlie, Dave, Eve};
    let named = |signer, name: String, kind, edges| Planned { signer, name, kind, edges };
    let mut plan: Vec<Planned> = (0..4)
        .map(|i| named(Dave, format!("bench-dataset-{i}"), AssetKind::Dataset, Vec::new()))
        .collect();
    plan.extend(
        (0..11).map(|i| named(Alice, format!("bench-upstream-{i}"), AssetKind::Model, Vec::new())),
    );
    let datasets: Vec<(usize, Relation)> = (0..4).map(|i| (i, Relation::TrainedOn)).collect();
    let models = |range: core::ops::Range<usize>| range.map(|i| (4 + i, Relation::FineTune));
    plan.push(named(Bob, "bench-owes-0".into(), AssetKind::Model, Vec::new()));
    plan.push(named(Bob, "bench-owes-4".into(), AssetKind::Model, datasets.clone()));
    let twelve = datasets.into_iter().chain(models(0..8)).collect();
    plan.push(named(Charlie, "bench-owes-12".into(), AssetKind::Model, twelve));
    let sixteen = core::iter::once((17, Relation::FineTune)).chain(models(8..11)).collect();
    plan.push(named(Eve, "bench-owes-16".into(), AssetKind::Model, sixteen));
    plan
}
