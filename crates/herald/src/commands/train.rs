//! `herald train`: trains a model from annotated data and writes the weights (to be committed and
//! embedded) with a card recording the command, data and scores.

use crate::cli::{TrainAttributionArgs, TrainCalibrationArgs, TrainCommand, TrainNerArgs, TrainPosArgs};
use anyhow::Context;
use herald_nlp::ner::{conll, tags, train};
use herald_nlp::perceptron::ModelCard;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

pub fn run(cmd: TrainCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        TrainCommand::Ner(args) => train_ner(args),
        TrainCommand::Attribution(args) => train_attribution(args),
        TrainCommand::Pos(args) => train_pos(args),
        TrainCommand::Calibration(args) => train_calibration(args),
    }
}

fn describe(path: &Path, docs: &[conll::TaggedDocument]) -> String {
    let n_sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let n_tokens: usize = docs.iter().flat_map(|d| &d.sentences).map(|s| s.words.len()).sum();
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    format!("{name} ({} documents, {n_sentences} sentences, {n_tokens} tokens)", docs.len())
}

fn train_ner(args: TrainNerArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut train_docs = conll::read(&args.train).with_context(|| format!("reading {}", args.train.display()))?;
    if let Some(n) = args.limit_docs {
        train_docs.truncate(n);
    }
    anyhow::ensure!(!train_docs.is_empty(), "{} holds no CoNLL sentences", args.train.display());
    let dev_docs = match &args.dev {
        Some(path) => conll::read(path).with_context(|| format!("reading {}", path.display()))?,
        None => Vec::new(),
    };
    eprintln!("herald: training ner on {}", describe(&args.train, &train_docs));
    let progress = indicatif::ProgressBar::new(u64::from(args.epochs));
    progress.set_style(indicatif::ProgressStyle::with_template("{bar:30} epoch {pos}/{len} {msg} [{elapsed}]").expect("valid template"));
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        progress.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let options = train::TrainOptions { epochs: args.epochs, seed: args.seed };
    let weights = train::train(&train_docs, &dev_docs, &options, |r| {
        let dev = r.dev_f1.map_or(String::new(), |f| format!(", dev F1 {f:.2}"));
        let line = format!(
            "epoch {:>2}: {} of {} sentences wrong, {} features{dev} ({:.0} s)",
            r.epoch,
            r.n_mistakes,
            r.n_sentences,
            r.n_features,
            started.elapsed().as_secs_f64()
        );
        progress.println(&line);
        if progress.is_hidden() {
            eprintln!("herald: {line}");
        }
        progress.inc(1);
    });
    progress.finish_and_clear();
    let dev_f1 = if dev_docs.is_empty() { 0.0 } else { train::evaluate(&weights, &dev_docs).f1() };
    let card = ModelCard {
        name: "ner.v1".to_string(),
        command: std::env::args().collect::<Vec<_>>().join(" "),
        train_data: describe(&args.train, &train_docs),
        dev_data: args.dev.as_ref().map_or_else(String::new, |p| describe(p, &dev_docs)),
        epochs: args.epochs,
        seed: args.seed,
        dev_f1,
        n_features: weights.index.len() as u64,
    };
    let bytes = weights.to_file_bytes(&tags::TYPES, card);
    write_model(&args.out, &bytes)?;
    eprintln!(
        "herald: wrote {} ({:.1} MB, {} features, dev F1 {dev_f1:.2}) in {:.0} s",
        args.out.display(),
        bytes.len() as f64 / 1e6,
        weights.index.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn train_attribution(args: TrainAttributionArgs) -> anyhow::Result<ExitCode> {
    use herald_nlp::quotes::{self, polnear, train};
    let started = Instant::now();
    let mut gold_train = polnear::load_split(&args.data, "train").with_context(|| format!("reading {}/train", args.data.display()))?;
    if let Some(n) = args.limit_docs {
        gold_train.articles.truncate(n);
    }
    let gold_dev = polnear::load_split(&args.data, "dev").with_context(|| format!("reading {}/dev", args.data.display()))?;
    let n_train: usize = gold_train.articles.iter().map(|a| a.attributions.len()).sum();
    eprintln!("herald: preparing {} training articles ({n_train} attributions)", gold_train.articles.len());
    let train_articles = train::prepare_articles(&gold_train.articles);
    let dev_articles = train::prepare_articles(&gold_dev.articles);
    eprintln!("herald: {} training articles ready ({:.0} s)", train_articles.len(), started.elapsed().as_secs_f64());
    let options = train::TrainOptions { epochs: args.epochs, seed: args.seed };
    let report_epoch = |phase: &str, r: &train::EpochReport| {
        let dev = r.dev_token_accuracy.map_or(String::new(), |a| format!(", dev token accuracy {a:.2}"));
        eprintln!(
            "herald: {phase}, epoch {:>2}: {} of {} paragraphs wrong{dev} ({:.0} s)",
            r.epoch,
            r.n_mistakes,
            r.n_examples,
            started.elapsed().as_secs_f64()
        );
    };
    let (weights, second) = if args.folds > 1 {
        let (first, second) = train::train_two_passes(&train_articles, &dev_articles, &options, args.folds, report_epoch);
        (first, Some(second))
    } else {
        let examples = train::examples(&train_articles, None);
        let dev_examples = train::examples(&dev_articles, None);
        (train::train(&train::flatten(&examples), &train::flatten(&dev_examples), &options, |r| report_epoch("one pass", r)), None)
    };
    let passes: Vec<&herald_nlp::perceptron::Weights<{ quotes::N_TAGS }>> = std::iter::once(&weights).chain(second.as_ref()).collect();
    let bytes = herald_nlp::perceptron::stacked_to_file_bytes(&passes, &quotes::TYPES, ModelCard::default());
    let tagger = quotes::AttributionTagger::from_bytes(&bytes)?;
    let score = |second_pass: bool| {
        let predictions = herald_eval::polnear::predict(&gold_dev.articles, Some(&tagger), second_pass);
        herald_eval::polnear::score(&gold_dev.articles, &predictions)
    };
    // The card records the default (first pass only); the second pass is `--accurate`.
    let report = score(false);
    if passes.len() > 1 {
        eprintln!("herald: with the second pass (--accurate) on dev:\n{}", score(true));
        eprintln!("herald: the first pass alone (the default) on dev:");
    }
    let card = ModelCard {
        name: quotes::MODEL_NAME.to_string(),
        command: std::env::args().collect::<Vec<_>>().join(" "),
        train_data: format!("PolNeAR train ({} articles, {n_train} attributions)", gold_train.articles.len()),
        dev_data: format!("PolNeAR dev ({} articles)", gold_dev.articles.len()),
        epochs: args.epochs,
        seed: args.seed,
        dev_f1: report.content.f1,
        n_features: passes.iter().map(|w| w.index.len() as u64).sum(),
    };
    let bytes = herald_nlp::perceptron::stacked_to_file_bytes(&passes, &quotes::TYPES, card);
    write_model(&args.out, &bytes)?;
    eprintln!("{report}");
    eprintln!(
        "herald: wrote {} ({:.1} MB, {} passes, {} features, dev content F1 {:.2}) in {:.0} s",
        args.out.display(),
        bytes.len() as f64 / 1e6,
        passes.len(),
        passes.iter().map(|w| w.index.len()).sum::<usize>(),
        report.content.f1,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn train_pos(args: TrainPosArgs) -> anyhow::Result<ExitCode> {
    use herald_nlp::pos::{self, train};
    let started = Instant::now();
    let train_sentences = train::read(&args.train).with_context(|| format!("reading {}", args.train.display()))?;
    anyhow::ensure!(!train_sentences.is_empty(), "{} holds no CoNLL sentences", args.train.display());
    let dev_sentences = match &args.dev {
        Some(path) => train::read(path).with_context(|| format!("reading {}", path.display()))?,
        None => Vec::new(),
    };
    let describe = |path: &Path, s: &[train::PosSentence]| {
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        format!("{name} ({} sentences, {} tokens)", s.len(), s.iter().map(|s| s.words.len()).sum::<usize>())
    };
    eprintln!("herald: training pos on {}", describe(&args.train, &train_sentences));
    let weights = train::train(&train_sentences, &dev_sentences, args.epochs, args.seed, |epoch, mistakes, dev| {
        let dev = dev.map_or(String::new(), |a| format!(", dev accuracy {a:.2}"));
        eprintln!("herald: epoch {epoch:>2}: {mistakes} tokens wrong{dev} ({:.0} s)", started.elapsed().as_secs_f64());
    });
    let dev_accuracy = if dev_sentences.is_empty() { 0.0 } else { train::accuracy(&weights, &dev_sentences) };
    let card = ModelCard {
        name: pos::MODEL_NAME.to_string(),
        command: std::env::args().collect::<Vec<_>>().join(" "),
        train_data: describe(&args.train, &train_sentences),
        dev_data: args.dev.as_ref().map_or_else(String::new, |p| describe(p, &dev_sentences)),
        epochs: args.epochs,
        seed: args.seed,
        dev_f1: dev_accuracy,
        n_features: weights.index.len() as u64,
    };
    let bytes = weights.to_file_bytes(&pos::TAGS, card);
    write_model(&args.out, &bytes)?;
    eprintln!(
        "herald: wrote {} ({:.1} MB, {} features, dev accuracy {dev_accuracy:.2}) in {:.0} s",
        args.out.display(),
        bytes.len() as f64 / 1e6,
        weights.index.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes a model file, creating its folder.
fn write_model(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

/// The expected calibration error (10 equal-width bins) of probabilities against outcomes.
fn calibration_error(scored: &[(f32, bool)]) -> f64 {
    let scored: Vec<(f64, bool)> = scored.iter().map(|&(p, right)| (f64::from(p), right)).collect();
    herald_nlp::quotes::confidence::reliability(&scored).1
}

fn train_calibration(args: TrainCalibrationArgs) -> anyhow::Result<ExitCode> {
    use herald_nlp::quotes::{confidence, polnear, train::prepare_document};
    use rayon::prelude::*;
    let samples_of = |split: &str| -> anyhow::Result<Vec<(Vec<f32>, bool)>> {
        let gold = polnear::load_split(&args.data, split).with_context(|| format!("reading {} split {split}", args.data.display()))?;
        anyhow::ensure!(!gold.articles.is_empty(), "{} has no articles in split {split}", args.data.display());
        let stage = herald_nlp::quotes::QuoteStage { second_pass: false, uncalibrated: true };
        Ok(gold
            .articles
            .par_iter()
            .flat_map_iter(|article| {
                let mut doc = prepare_document(article);
                herald_nlp::Stage::process(&stage, &mut doc);
                confidence::train_samples(&doc, article)
            })
            .collect())
    };
    let train = samples_of("train")?;
    let dev = samples_of("dev")?;
    let right = train.iter().filter(|s| s.1).count();
    eprintln!("herald: calibration on PolNeAR train: {} statements, {right} right", train.len());
    let model = confidence::Calibration::fit(&train, args.iterations);
    let scored = |samples: &[(Vec<f32>, bool)]| -> Vec<(f32, bool)> { samples.iter().map(|(x, y)| (model.probability(x), *y)).collect() };
    let tagger = |samples: &[(Vec<f32>, bool)]| -> Vec<(f32, bool)> { samples.iter().map(|(x, y)| (x[2], *y)).collect() };
    let report = format!(
        "# {}: logistic model of a statement being right (content and speaker), trained by\n\
         # herald train calibration --data {} --iterations {}\n\
         # PolNeAR train: {} statements, {:.3} right; ECE tagger confidence {:.3}, calibrated {:.3}\n\
         # PolNeAR dev (span-level labels): {} statements, ECE tagger confidence {:.3}, calibrated {:.3}\n",
        confidence::MODEL_NAME,
        args.data.display(),
        args.iterations,
        train.len(),
        right as f64 / train.len().max(1) as f64,
        calibration_error(&tagger(&train)),
        calibration_error(&scored(&train)),
        dev.len(),
        calibration_error(&tagger(&dev)),
        calibration_error(&scored(&dev)),
    );
    eprint!("{report}");
    std::fs::write(&args.out, format!("{report}{}", model.to_text())).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!("herald: wrote {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}
