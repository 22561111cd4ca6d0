//! `rnn compare`: RNN, GRU and LSTM trained on the same corpus with the same seed and budget, side by
//! side; for the sentiment tagging preset, its cell forward-only and bidirectional.

use clap::Args;
use rnn_core::corpus::CorpusConfig;
use rnn_core::inspect::{self, DEFAULT_FLOW_WINDOW};
use rnn_core::tagging::{self, TaggingAccuracy};
use rnn_core::{eval, presets, CellKind, Config, Task, Trainer};
use serde_json::{json, Value};

use crate::evaluate::{agreement_accuracy, memory_accuracy, Writer, WRITER};
use crate::train::{train_until, Budget};
use crate::CliResult;

/// The distance the gradient-flow ratio looks back.
const FLOW_DISTANCE: usize = 20;
/// Held-out passages the ratio is averaged over, each read through one window.
const FLOW_PASSAGES: usize = 4;

#[derive(Args)]
pub struct CompareArgs {
    /// Training characters per model (batch × bptt per step).
    #[arg(long, conflicts_with = "seconds", required_unless_present = "seconds")]
    budget_chars: Option<u64>,
    /// Seconds of training per model.
    #[arg(long, value_parser = crate::train::positive_seconds)]
    seconds: Option<f64>,
    /// Presets to train on, comma-separated or repeated: agreement, memory, sentiment.
    #[arg(long, value_delimiter = ',', default_values_t = ["agreement".to_string(), "memory".to_string()])]
    preset: Vec<String>,
    /// Overrides the presets' seed (the same for every model).
    #[arg(long)]
    seed: Option<u64>,
    /// Agreement items per (attractors, construction) cell.
    #[arg(long, default_value_t = 100)]
    per_cell: usize,
    /// Memory items per distance.
    #[arg(long, default_value_t = 200)]
    per_distance: usize,
    #[arg(long)]
    json: bool,
}

const CELLS: [CellKind; 3] = [CellKind::Rnn, CellKind::Gru, CellKind::Lstm];

/// One trained model's figures.
struct Run {
    preset: String,
    cell: CellKind,
    bidirectional: bool,
    steps: u64,
    seconds: f64,
    valid_bits_per_char: f32,
    gradient_ratio: Option<f32>,
    agreement: Option<eval::AgreementAccuracy>,
    writer: Option<Writer>,
    memory: Option<eval::MemoryAccuracy>,
    tagging: Option<TaggingAccuracy>,
}

pub fn run(args: CompareArgs) -> CliResult {
    let budget = match (args.budget_chars, args.seconds) {
        (Some(chars), _) => Budget::Chars(chars),
        (_, Some(seconds)) => Budget::Seconds(seconds),
        (None, None) => return Err("give --budget-chars N or --seconds S".into()),
    };
    let mut runs = Vec::new();
    for name in &args.preset {
        let mut config = crate::train::with_builtin_text(presets::preset(name).map_err(|e| e.to_string())?);
        if let Some(seed) = args.seed {
            config.train.seed = seed;
        }
        if config.model.task == Task::Tagging {
            for bidirectional in [false, true] {
                config.model.bidirectional = bidirectional;
                if !args.json {
                    eprintln!("training {} {} on {name} for {} ...", direction(bidirectional), config.model.cell.name(), budget.describe());
                }
                runs.push(train_and_measure(name, &config, budget, &args)?);
            }
            continue;
        }
        for cell in CELLS {
            config.model.cell = cell;
            if !args.json {
                eprintln!("training {} on {name} for {} ...", cell.name(), budget.describe());
            }
            runs.push(train_and_measure(name, &config, budget, &args)?);
        }
    }
    if args.json {
        let runs: Vec<Value> = runs.iter().map(run_json).collect();
        let budget = match budget {
            Budget::Chars(chars) => json!({ "chars": chars }),
            Budget::Seconds(seconds) => json!({ "seconds": seconds }),
            Budget::Steps(steps) => json!({ "steps": steps }),
        };
        println!("{}", json!({ "budget": budget, "seed": args.seed, "runs": runs }));
    } else {
        let (tagging, others): (Vec<Run>, Vec<Run>) = runs.into_iter().partition(|r| r.tagging.is_some());
        if !others.is_empty() {
            print_table(&others, budget);
        }
        if !tagging.is_empty() {
            print_tagging_table(&tagging, budget);
        }
    }
    Ok(())
}

fn direction(bidirectional: bool) -> &'static str {
    if bidirectional {
        "bidirectional"
    } else {
        "forward-only"
    }
}

/// Forward-only and bidirectional side by side, per tagging preset.
fn print_tagging_table(runs: &[Run], budget: Budget) {
    println!("forward-only and bidirectional, each trained for {} with the same seed", budget.describe());
    for pair in runs.chunks(2) {
        println!("{}: {}{:>16}{:>16}", pair[0].preset, " ".repeat(26), direction(pair[0].bidirectional), pair.get(1).map_or("", |r| direction(r.bidirectional)));
        let rows: [TaggingRow; 7] = [
            ("  steps", &|r| r.steps.to_string()),
            ("  valid bits per tag", &|r| format!("{:.3}", r.valid_bits_per_char)),
            ("  every tag", &|r| percent(r, |a| a.accuracy)),
            ("  decided only by words after", &|r| percent(r, |a| a.ambiguous_accuracy)),
            ("  decided by words up to it", &|r| percent(r, |a| a.left_accuracy)),
            ("  whole sentence", &|r| percent(r, |a| a.sentence_accuracy)),
            ("  (chance)", &|_| "50.0%".into()),
        ];
        for (label, cell) in rows {
            println!("{label:<36}{}", pair.iter().map(|r| format!("{:>16}", cell(r))).collect::<String>());
        }
    }
}

/// A row of the tagging table: its label, and the cell of each run.
type TaggingRow<'a> = (&'a str, &'a dyn Fn(&Run) -> String);

fn percent(run: &Run, share: impl Fn(&TaggingAccuracy) -> f32) -> String {
    format!("{:.1}%", 100.0 * share(run.tagging.as_ref().expect("a tagging run is scored")))
}

fn train_and_measure(preset: &str, config: &Config, budget: Budget, args: &CompareArgs) -> CliResult<Run> {
    let mut trainer = Trainer::from_config(config).map_err(|e| e.to_string())?;
    let seconds = train_until(&mut trainer, budget, crate::threads::available(), |_, _, _| {});
    let (model, vocab) = (&trainer.model, &trainer.vocab);
    let mut run = Run {
        preset: preset.to_string(),
        cell: config.model.cell,
        bidirectional: config.model.bidirectional,
        steps: trainer.step_count(),
        seconds,
        valid_bits_per_char: trainer.valid_bits_per_char(),
        gradient_ratio: None,
        agreement: None,
        writer: None,
        memory: None,
        tagging: None,
    };
    if config.model.task == Task::Tagging {
        run.tagging = Some(tagging::accuracy(model, vocab, &tagging::eval_sentences(tagging::DEFAULT_EVAL_SENTENCES, eval::EVAL_SEED)));
        return Ok(run);
    }
    run.gradient_ratio = gradient_ratio(&trainer, &config.corpus)?;
    match &config.corpus {
        CorpusConfig::Memory(memory) => run.memory = Some(memory_accuracy(model, vocab, memory.distance, args.per_distance, eval::EVAL_SEED)),
        _ => {
            run.agreement = Some(agreement_accuracy(model, vocab, args.per_cell, eval::EVAL_SEED));
            run.writer = Some(Writer::measure(model, vocab)?);
        }
    }
    Ok(run)
}

/// Geometric mean of ‖∂L_t/∂h_{t−20}‖ / ‖∂L_t/∂h_t‖ in the top layer over held-out passages of the corpus.
fn gradient_ratio(trainer: &Trainer, corpus: &CorpusConfig) -> CliResult<Option<f32>> {
    let text = held_out_text(corpus)?;
    let chars: Vec<char> = text.chars().collect();
    let length = 3 * DEFAULT_FLOW_WINDOW;
    let top = trainer.config.model.layers - 1;
    let mut logs = Vec::new();
    for passage in chars.chunks_exact(length).take(FLOW_PASSAGES) {
        let passage: String = passage.iter().collect();
        let flow = inspect::gradient_flow(&trainer.model, &trainer.vocab, &passage, DEFAULT_FLOW_WINDOW).map_err(|e| e.to_string())?;
        if let Some(ratio) = flow.ratio(top, FLOW_DISTANCE) {
            logs.push((ratio as f64).ln());
        }
    }
    Ok((!logs.is_empty()).then(|| (logs.iter().sum::<f64>() / logs.len() as f64).exp() as f32))
}

/// Text from the corpus's generator with the evaluation seed, which no training run uses.
fn held_out_text(corpus: &CorpusConfig) -> CliResult<String> {
    let small = match corpus {
        CorpusConfig::Agreement(config) => CorpusConfig::Agreement(rnn_core::corpus::AgreementConfig { sentences: 100, ..config.clone() }),
        CorpusConfig::Memory(config) => CorpusConfig::Memory(rnn_core::corpus::MemoryConfig { sequences: 100, ..config.clone() }),
        other => other.clone(),
    };
    small.build(eval::EVAL_SEED).map_err(|e| e.to_string())
}

fn run_json(run: &Run) -> Value {
    let mut out = json!({
        "preset": run.preset, "cell": run.cell.name(), "bidirectional": run.bidirectional, "steps": run.steps, "seconds": run.seconds,
        "valid_bits_per_char": run.valid_bits_per_char, "gradient_ratio_20": run.gradient_ratio,
    });
    if let Some(agreement) = &run.agreement {
        out["agreement"] = serde_json::to_value(agreement).expect("accuracy serialises");
    }
    if let Some(writer) = &run.writer {
        out["writer"] = writer.json();
    }
    if let Some(memory) = &run.memory {
        out["memory"] = serde_json::to_value(memory).expect("accuracy serialises");
    }
    if let Some(tagging) = &run.tagging {
        out["sentiment"] = serde_json::to_value(tagging).expect("accuracy serialises");
    }
    out
}

fn print_table(runs: &[Run], budget: Budget) {
    let percent = |x: f32| format!("{:.1}%", 100.0 * x);
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for preset in runs.chunks(CELLS.len()) {
        let name = &preset[0].preset;
        let row = |label: String, cell: &dyn Fn(&Run) -> String| (label, preset.iter().map(cell).collect::<Vec<_>>());
        rows.push((format!("{name}:"), vec![String::new(); CELLS.len()]));
        rows.push(row("  steps".into(), &|r| r.steps.to_string()));
        rows.push(row("  valid bits/char".into(), &|r| format!("{:.3}", r.valid_bits_per_char)));
        rows.push(row(
            format!("  gradient kept over {FLOW_DISTANCE} steps"),
            &|r| match r.gradient_ratio {
                None => "-".into(),
                Some(0.0) => "0 (underflow)".into(),
                Some(x) => format!("{x:.1e}"),
            },
        ));
        if let Some(agreement) = &preset[0].agreement {
            for attractors in agreement.by_attractors.keys() {
                let label = format!("  agreement, {attractors} attractor{}", if attractors == "1" { "" } else { "s" });
                rows.push(row(label, &|r| percent(r.agreement.as_ref().expect("every agreement run is evaluated").by_attractors[attractors])));
            }
            rows.push(row(format!("  {WRITER:?} ..."), &|r| {
                let is = r.writer.as_ref().expect("every agreement run is probed").is;
                if is >= 0.5 { format!("is {}", percent(is)) } else { format!("are {}", percent(1.0 - is)) }
            }));
        }
        if let Some(memory) = &preset[0].memory {
            for (index, at) in memory.by_distance.iter().enumerate() {
                rows.push(row(
                    format!("  recall at distance {} (chance 12.5%)", at.distance),
                    &|r| percent(r.memory.as_ref().expect("every memory run is evaluated").by_distance[index].accuracy),
                ));
            }
        }
    }
    let width = rows.iter().map(|(label, _)| label.chars().count()).max().unwrap_or(0);
    println!("RNN, GRU and LSTM, each trained for {} with the same seed", budget.describe());
    println!("{:width$}{}", "", CELLS.iter().map(|c| format!("{:>12}", c.name())).collect::<String>());
    for (label, cells) in rows {
        println!("{label:width$}{}", cells.iter().map(|c| format!("{c:>12}")).collect::<String>());
    }
}
