//! The licensed-delivery benchmark's figures as BENCHMARKS.md shows them.
//!
//! Two programs write BENCHMARKS.md: `modelmint-bench` renders the whole file
//! after `scripts/bench.sh` (reading these figures from
//! `benchmarks/delivery.json`), and `delivery-bench --markdown` replaces this
//! one section in place after `scripts/bench-delivery.sh`. Both call
//! [`section`], so the section reads the same whichever ran last.
//!
//! The figures are the JSON object `delivery-bench` prints and writes with
//! `--json-out`: `delivery` and `static` (the medians of the rounds: MiB/s,
//! time to first byte), `rounds_mib_s`, `throughput_ratio`, the chain
//! sign-ins, and what the run was (`measured_at`, `commit`, `nginx`, `cores`,
//! `load`, `clients`, `size_mib`, `rounds`).

use serde_json::Value;

/// The section's heading in BENCHMARKS.md.
pub const HEADING: &str = "## Licensed delivery (`modelmint serve`)";

/// Issue 31's goal: at least this share of nginx's throughput.
pub const GOAL_RATIO: f64 = 0.8;

/// The section, one line per element (no trailing newline), for `report`:
/// the figures, or `Value::Null` when none were measured in this checkout.
pub fn section(report: &Value) -> Vec<String> {
    let mut out = vec![HEADING.to_string(), String::new()];
    if report.is_null() {
        out.push(
            "Not measured in this checkout yet: `scripts/bench-delivery.sh` measures it (Debian's \
             nginx must be installed) and writes `benchmarks/delivery.json` and this section."
                .into(),
        );
        out.push(String::new());
        return out;
    }
    out.push(format!(
        "Measured by `scripts/bench-delivery.sh` at {} (commit `{}`, {} cores, load {} at start): \
         {} concurrent licensed downloads of a {} MiB model (four shards) on loopback through the \
         server's code in a release build (`delivery-bench`, licenses answered from a table), and \
         the same downloads from nginx {} serving the same directory as static files \
         (`sendfile`), taking turns for {} rounds. The figures are the medians of the rounds.",
        text(report, "/measured_at"),
        text(report, "/commit"),
        text(report, "/cores"),
        text(report, "/load"),
        text(report, "/clients"),
        text(report, "/size_mib"),
        text(report, "/nginx"),
        text(report, "/rounds"),
    ));
    out.push(String::new());
    out.push(
        "| server | throughput (MiB/s) | each round (MiB/s) | TTFB p50 (ms) | TTFB p99 (ms) |"
            .into(),
    );
    out.push("|---|---:|---|---:|---:|".into());
    for (name, key) in [("modelmint-delivery", "delivery"), ("nginx, static files", "static")] {
        let run = &report[key];
        if run.is_null() {
            continue;
        }
        let rounds: Vec<String> = report["rounds_mib_s"][key]
            .as_array()
            .into_iter()
            .flatten()
            .map(|mib_s| format!("{:.0}", mib_s.as_f64().unwrap_or(0.0)))
            .collect();
        out.push(format!(
            "| {name} | {:.0} | {} | {:.1} | {:.1} |",
            number(run, "/throughput_mib_s"),
            rounds.join(", "),
            number(run, "/ttfb_p50_ms"),
            number(run, "/ttfb_p99_ms"),
        ));
    }
    out.push(String::new());
    if let Some(ratio) = report["throughput_ratio"].as_f64() {
        let met = if ratio >= GOAL_RATIO { "met" } else { "**missed**" };
        out.push("| target | measured | goal | |".into());
        out.push("|---|---:|---:|---|".into());
        out.push(format!(
            "| throughput, share of nginx's | {:.0} % | >= {:.0} % | {met} |",
            ratio * 100.0,
            GOAL_RATIO * 100.0
        ));
        out.push(String::new());
    }
    let sign_ins: Vec<String> =
        [("one at a time", "one_at_a_time"), ("all at once", "all_at_once")]
            .into_iter()
            .filter_map(|(name, key)| {
                let figures = report.get(format!("chain_sign_in_{key}"))?;
                Some(format!(
                    "{name}, {}: p50 {:.1} ms, p99 {:.1} ms",
                    text(figures, "/count"),
                    number(figures, "/p50_ms"),
                    number(figures, "/p99_ms")
                ))
            })
            .collect();
    if sign_ins.is_empty() {
        out.push(
            "Sign-in latency with the chain check: not measured in this run (`--no-chain`).".into(),
        );
    } else {
        out.push(format!(
            "Sign-in latency through `modelmint serve` (the debug build the scripts use) on a fresh \
             node, each sign-in checked on chain (`is_licensed` dry runs): {}.",
            sign_ins.join("; ")
        ));
    }
    out.push(String::new());
    out
}

/// `document` with its delivery section replaced by `section` (lines), or,
/// where it has none, with `section` inserted before its `## Reproduce`
/// section, or appended.
pub fn splice(document: &str, section: &[String]) -> String {
    let lines: Vec<&str> = document.lines().collect();
    let next_heading = |from: usize| {
        (from..lines.len()).find(|&i| lines[i].starts_with("## ")).unwrap_or(lines.len())
    };
    let (start, end) = match lines.iter().position(|line| *line == HEADING) {
        Some(start) => (start, next_heading(start + 1)),
        None => {
            let at = lines.iter().position(|line| *line == "## Reproduce").unwrap_or(lines.len());
            (at, at)
        }
    };
    let mut out: Vec<String> = lines[..start].iter().map(|line| line.to_string()).collect();
    if out.last().is_some_and(|line| !line.is_empty()) {
        out.push(String::new());
    }
    out.extend(section.iter().cloned());
    out.extend(lines[end..].iter().map(|line| line.to_string()));
    while out.last().is_some_and(|line| line.is_empty()) {
        out.pop();
    }
    out.join("\n") + "\n"
}

fn number(value: &Value, pointer: &str) -> f64 {
    value.pointer(pointer).and_then(Value::as_f64).unwrap_or(0.0)
}

fn text(value: &Value, pointer: &str) -> String {
    match value.pointer(pointer) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Null) | None => "(not recorded)".into(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn figures(ratio: f64) -> Value {
        json!({
            "measured_at": "2026-12-08T01:00:00Z", "commit": "0123456789ab", "nginx": "1.22.1",
            "cores": 2, "load": "0.50 0.40 0.30", "clients": 32, "size_mib": 256, "rounds": 3,
            "delivery": {"throughput_mib_s": 1335.4, "ttfb_p50_ms": 20.0, "ttfb_p99_ms": 72.04},
            "static": {"throughput_mib_s": 2171.0, "ttfb_p50_ms": 10.0, "ttfb_p99_ms": 48.0},
            "rounds_mib_s": {"delivery": [1892.2, 1174.0, 1335.4], "static": [2171.0, 1349.0, 2200.0]},
            "throughput_ratio": ratio,
            "chain_sign_in_one_at_a_time": {"count": 32, "p50_ms": 24.0, "p99_ms": 91.0},
            "chain_sign_in_all_at_once": {"count": 32, "p50_ms": 301.0, "p99_ms": 393.0},
        })
    }

    #[test]
    fn the_section_shows_the_medians_the_rounds_and_whether_the_goal_was_met() {
        let text = section(&figures(0.615)).join("\n");
        assert!(text.starts_with(HEADING));
        assert!(text.contains("| modelmint-delivery | 1335 | 1892, 1174, 1335 | 20.0 | 72.0 |"));
        assert!(text.contains("| nginx, static files | 2171 | 2171, 1349, 2200 | 10.0 | 48.0 |"));
        assert!(text.contains("| throughput, share of nginx's | 62 % | >= 80 % | **missed** |"));
        assert!(text.contains(
            "one at a time, 32: p50 24.0 ms, p99 91.0 ms; all at once, 32: p50 301.0 ms"
        ));
        assert!(text.contains("commit `0123456789ab`, 2 cores"));
        let met = section(&figures(0.85)).join("\n");
        assert!(met.contains("| 85 % | >= 80 % | met |"));
    }

    #[test]
    fn without_figures_the_section_says_how_to_measure() {
        let text = section(&Value::Null).join("\n");
        assert!(text.contains("Not measured in this checkout yet"));
        assert!(!text.contains("| modelmint-delivery |"));
    }

    #[test]
    fn splice_replaces_the_section_and_keeps_the_rest() {
        let old =
            format!("# B\n\n## Sizes\n\nx\n\n{HEADING}\n\nold figures\n\n## Reproduce\n\nrun\n");
        let new = splice(
            &old,
            &[
                "## Licensed delivery (`modelmint serve`)".into(),
                String::new(),
                "new".into(),
                String::new(),
            ],
        );
        assert_eq!(
            new,
            format!("# B\n\n## Sizes\n\nx\n\n{HEADING}\n\nnew\n\n## Reproduce\n\nrun\n")
        );
        // Twice gives the same document.
        let again = splice(&new, &[HEADING.into(), String::new(), "new".into(), String::new()]);
        assert_eq!(again, new);
    }

    #[test]
    fn splice_inserts_before_reproduce_or_appends() {
        let section = vec![HEADING.to_string(), String::new(), "figures".into(), String::new()];
        let with_reproduce = splice("# B\n\n## Reproduce\n\nrun\n", &section);
        assert_eq!(with_reproduce, format!("# B\n\n{HEADING}\n\nfigures\n\n## Reproduce\n\nrun\n"));
        let without = splice("# B\n\ntext\n", &section);
        assert_eq!(without, format!("# B\n\ntext\n\n{HEADING}\n\nfigures\n"));
    }
}
