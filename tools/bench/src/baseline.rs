//! The weight of a plain `Balances::transfer_keep_alive`, and the fixed part
//! of a `Contracts::call` extrinsic, as the node's
//! `TransactionPaymentCallApi_query_call_info` reports them. The calls are
//! dynamic subxt values (pallet, call and field names), encoded by subxt
//! against the node's own metadata: no index, no hand-made bytes.

use crate::report::{Weight, UNIT};
use crate::runner::Signer;
use ink_e2e::subxt::dynamic::{self, At, Value};
use ink_e2e::subxt::OnlineClient;
use ink_e2e::{PolkadotConfig, H256};
use modelmint_cli::CliError;

/// The dispatch weight the runtime gives an extrinsic carrying
/// `pallet::call(fields)`.
async fn dispatch_weight(
    api: &OnlineClient<PolkadotConfig>,
    at: H256,
    (pallet, call): (&str, &str),
    fields: Vec<(&str, Value)>,
) -> Result<Weight, CliError> {
    let failed = |reason: String| {
        CliError::Other(format!(
            "cannot read the weight of {pallet}::{call} from the node: {reason}"
        ))
    };
    // The runtime API takes the call and the length of its encoding.
    let payload = dynamic::tx(pallet, call, fields.clone());
    let encoded = api.tx().call_data(&payload).map_err(|error| failed(error.to_string()))?;
    let length = u32::try_from(encoded.len()).map_err(|error| failed(error.to_string()))?;
    let runtime_call = Value::unnamed_variant(pallet, [Value::named_variant(call, fields)]);
    let query = dynamic::runtime_api_call(
        "TransactionPaymentCallApi",
        "query_call_info",
        vec![runtime_call, Value::u128(u128::from(length))],
    );
    let info = api
        .runtime_api()
        .at(at)
        .call(query)
        .await
        .map_err(|error| failed(error.to_string()))?
        .to_value()
        .map_err(|error| failed(error.to_string()))?;
    let part = |name: &str| {
        info.at("weight")
            .at(name)
            .and_then(|value| value.as_u128())
            .and_then(|value| u64::try_from(value).ok())
            .ok_or_else(|| failed(format!("no weight.{name} in the answer {info}")))
    };
    Ok(Weight { ref_time: part("ref_time")?, proof_size: part("proof_size")? })
}

/// The weight of `Balances::transfer_keep_alive` of 1 unit to Bob, and of a
/// `Contracts::call` with a zero gas limit (to nobody, no value, no data).
///
/// # Errors
/// [`CliError::Unreachable`], [`CliError::Other`] if the node does not answer
/// the runtime API.
pub async fn transfer_baseline(url: &str) -> Result<(Weight, Weight), CliError> {
    let (api, best, _) = modelmint_cli::best_block_at(url).await?;
    let account = |bytes: [u8; 32]| Value::unnamed_variant("Id", [Value::from_bytes(bytes)]);
    let bob: [u8; 32] = *AsRef::<[u8; 32]>::as_ref(&Signer::Bob.account());
    let transfer = dispatch_weight(
        &api,
        best,
        ("Balances", "transfer_keep_alive"),
        vec![("dest", account(bob)), ("value", Value::u128(UNIT))],
    )
    .await?;
    let contracts_call = dispatch_weight(
        &api,
        best,
        ("Contracts", "call"),
        vec![
            ("dest", account([0; 32])),
            ("value", Value::u128(0)),
            (
                "gas_limit",
                Value::named_composite([
                    ("ref_time", Value::u128(0)),
                    ("proof_size", Value::u128(0)),
                ]),
            ),
            ("storage_deposit_limit", Value::unnamed_variant("None", [])),
            ("data", Value::from_bytes(Vec::<u8>::new())),
        ],
    )
    .await?;
    Ok((transfer, contracts_call))
}
