//! Every lesson of the page (www/src/lessons/lessons.json) holds its claim: trained natively to the step it
//! opens at, or for its test's step budget, its check (or the cheaper one its test names) holds, and
//! not for the cell its test names as `unlike` (trained with the lesson's other settings as long). A
//! rerun's check holds for the rerun (trained to its step) and not for the lesson's own settings
//! trained as long, so the rerun's one change is what made the difference.

use rnn_core::lessons::{Check, History};
use rnn_core::{Config, Trainer};
use serde::Deserialize;

const LESSONS: &str = include_str!("../../../www/src/lessons/lessons.json");
const PAGE: &str = include_str!("../../../www/index.html");

#[derive(Deserialize)]
struct Lessons {
    lessons: Vec<Lesson>,
}

/// The fields of a lesson the core reads; the page reads the rest (title, controls, step texts).
#[derive(Deserialize)]
struct Lesson {
    id: String,
    config: serde_json::Value,
    chart: String,
    check: Check,
    train_to: Option<u64>,
    steps: Vec<Step>,
    rerun: Option<Rerun>,
    test: Test,
}

#[derive(Deserialize)]
struct Step {
    text: String,
    chart: String,
}

#[derive(Deserialize)]
struct Rerun {
    config: serde_json::Value,
    train_to: u64,
    check: Check,
}

#[derive(Deserialize)]
struct Test {
    steps: u64,
    check: Option<Check>,
    /// A cell that, trained with the lesson's other settings as long, does not show the check:
    /// the lesson teaches a difference between cells, and this is the other side of it.
    unlike: Option<String>,
}

fn lessons() -> Vec<Lesson> {
    serde_json::from_str::<Lessons>(LESSONS).expect("lessons.json reads as lessons").lessons
}

/// Steps between validations, as in the page's training worker (www/src/workers/train-worker.ts).
const VALIDATE_EVERY: u64 = 100;

/// Trains `config` for `steps` steps and evaluates `check` on the result.
fn holds_after(config: &serde_json::Value, steps: u64, check: &Check) -> (bool, String) {
    let config = Config::from_json(&config.to_string()).expect("a lesson's config is a valid core config");
    let mut trainer = Trainer::from_config(&config).unwrap();
    let mut history = History::UNTRAINED;
    for _ in 0..steps {
        history = history.after(&[trainer.step()]);
        // as the page's training worker does, so validation can say a run diverged here too
        if trainer.step_count() % VALIDATE_EVERY == 0 {
            trainer.validate();
        }
    }
    // as the bindings' `Trainer.history` does: a refused update, or validation's verdict
    let history = History { diverged: history.diverged || trainer.divergence().is_some(), ..history };
    let outcome = check.evaluate(&trainer.model, &trainer.vocab, history).unwrap();
    (outcome.holds, format!("{:?}", outcome.measured))
}

#[test]
fn every_lesson_is_well_formed() {
    let lessons = lessons();
    assert!(lessons.len() >= 5);
    for lesson in &lessons {
        Config::from_json(&lesson.config.to_string()).unwrap_or_else(|e| panic!("{}: {e}", lesson.id));
        assert!((2..=6).contains(&lesson.steps.len()), "{}: a lesson is a few short steps", lesson.id);
        for chart in lesson.steps.iter().map(|s| &s.chart).chain([&lesson.chart]) {
            assert!(PAGE.contains(&format!("id=\"{chart}\"")), "{}: the page has no element #{chart}", lesson.id);
        }
        for step in &lesson.steps {
            let sentences = step.text.matches(". ").count() + 1;
            assert!((2..=6).contains(&sentences) && step.text.len() < 420, "{}: a step is two to four sentences: {}", lesson.id, step.text);
        }
    }
}

#[test]
fn every_lesson_shows_its_phenomenon_within_its_budget() {
    for lesson in lessons() {
        // a lesson that opens trained to a step shows its phenomenon there, as the page does
        let (check, steps) = match (&lesson.test.check, lesson.train_to) {
            (Some(cheaper), _) => (cheaper, lesson.test.steps),
            (None, Some(train_to)) => (&lesson.check, train_to),
            (None, None) => (&lesson.check, lesson.test.steps),
        };
        let (holds, measured) = holds_after(&lesson.config, steps, check);
        println!("{}: after {steps} steps {measured}", lesson.id);
        assert!(holds, "{}: the check does not hold after {steps} steps: {measured}", lesson.id);
        if let Some(cell) = &lesson.test.unlike {
            let mut config = lesson.config.clone();
            config["model"]["cell"] = cell.as_str().into();
            let (holds, measured) = holds_after(&config, steps, check);
            println!("{} with the {cell}: after {steps} steps {measured}", lesson.id);
            assert!(!holds, "{}: the check holds for the {cell} too after {steps} steps: {measured}", lesson.id);
        }
        if let Some(rerun) = &lesson.rerun {
            let (rerun_holds, measured) = holds_after(&rerun.config, rerun.train_to, &rerun.check);
            println!("{} rerun: {measured}", lesson.id);
            assert!(rerun_holds, "{}: the rerun's check does not hold: {measured}", lesson.id);
            let (before, measured) = holds_after(&lesson.config, rerun.train_to, &rerun.check);
            assert!(!before, "{}: the rerun's check holds without the rerun's change: {measured}", lesson.id);
        }
    }
}

#[test]
fn the_vanishing_lesson_claims_what_the_readme_says() {
    // its check reads: ratio at distance 20 below 1e-3, every radius below 1, "are" preferred to "is"
    let lesson = lessons().into_iter().find(|l| l.id == "vanishing").unwrap();
    let text = serde_json::to_string(&lesson.check).unwrap();
    for part in [r#""distance":20,"below":0.001"#, r#""kind":"spectral_radius_below","below":1.0"#, r#""word":"are","other":"is""#] {
        assert!(text.contains(part), "the vanishing lesson's check lacks {part}: {text}");
    }
}

#[test]
fn the_memory_lesson_claims_what_the_readme_says() {
    // its check reads: recall at distance 50 (the distance it trains on) above 75%, and not for the RNN
    let lesson = lessons().into_iter().find(|l| l.id == "memory").unwrap();
    assert_eq!(lesson.check, Check::RecallAbove { distance: 50, above: 0.75 });
    assert_eq!(lesson.config["corpus"]["distance"], 50);
    assert_eq!((lesson.test.check.is_none(), lesson.test.unlike.as_deref()), (true, Some("rnn")));
}

#[test]
fn the_bidirectional_lesson_needs_the_reverse_direction() {
    // the same settings read left to right only, trained as long, tag "terribly" and the other
    // right-decided words at chance: what the lesson sees is the reverse direction's doing
    let lesson = lessons().into_iter().find(|l| l.id == "bidirectional").unwrap();
    let mut forward = lesson.config.clone();
    forward["model"]["bidirectional"] = serde_json::Value::Bool(false);
    let (holds, measured) = holds_after(&forward, lesson.test.steps, &lesson.check);
    println!("bidirectional lesson, forward-only: {measured}");
    assert!(!holds, "the forward-only model holds the bidirectional lesson's check: {measured}");
}

#[test]
fn the_deep_stacks_lesson_is_about_the_skip_connections() {
    // its rerun changes nothing but the connections, and its check reads the lowest over the top layer
    let lesson = lessons().into_iter().find(|l| l.id == "deep").unwrap();
    let rerun = lesson.rerun.as_ref().expect("the deep stacks lesson reruns with residual connections");
    let mut plain = rerun.config.clone();
    plain["model"].as_object_mut().unwrap().remove("connections");
    assert_eq!(plain, lesson.config);
    assert!(lesson.config["model"]["layers"].as_u64().unwrap() >= 3, "a deep stack");
}
