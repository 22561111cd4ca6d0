//! Every lesson of the page (www/src/lessons/data/, one file each) holds its claim, in a short form with margin:
//! trained natively for its test's steps, its check (or the cheaper one its test names) holds there and
//! at the two evaluations `test.every` steps before it (as the page's "Seen" needs three in a row, see
//! `lessons::RUNNING`), and does not hold for any of its `contrast` runs trained as long; it holds for
//! its `also` variants too. A rerun's check holds for the rerun (trained to its step) and not for the
//! lesson's own settings trained as long, so the rerun's one change is what made the difference.
//! The full claims over three seeds, with the step at which each is first seen: `rnn lessons`.

use rnn_core::corpus::agreement::HELD_OUT_PROMPTS;
use rnn_core::lessons::{self, Check, Lesson, Run, RUNNING};
use rnn_core::Config;
use serde::Deserialize;
use serde_json::Value;

const PAGE: &str = include_str!("../../../www/index.html");

/// The step texts and charts, which the core does not read but this test checks.
#[derive(Deserialize)]
struct PageLesson {
    id: String,
    chart: String,
    steps: Vec<Step>,
}

#[derive(Deserialize)]
struct Step {
    text: String,
    chart: String,
}

/// Each lesson file's text, in the page's order: data.ts imports each `./data/ID.json` as `ID` and lists them.
fn lesson_files() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/src/lessons");
    let index = std::fs::read_to_string(dir.join("data.ts")).expect("www/src/lessons/data.ts");
    let list = index.split("export const lessons = [").nth(1).and_then(|rest| rest.split(']').next()).expect("data.ts lists the lessons");
    let files: Vec<(String, String)> = list
        .split(',')
        .map(|id| {
            let path = dir.join(format!("data/{}.json", id.trim()));
            (id.trim().to_string(), std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        })
        .collect();
    assert_eq!(files.len(), std::fs::read_dir(dir.join("data")).unwrap().count(), "data.ts lists every file of data/");
    files
}

fn lessons() -> Vec<Lesson> {
    lesson_files()
        .into_iter()
        .map(|(id, text)| {
            let lesson = serde_json::from_str::<Lesson>(&text).unwrap_or_else(|e| panic!("data/{id}.json: {e}"));
            assert_eq!(lesson.id, id, "a lesson's file is named by its id");
            lesson
        })
        .collect()
}

fn lesson(id: &str) -> Lesson {
    lessons().into_iter().find(|l| l.id == id).unwrap_or_else(|| panic!("no lesson {id}"))
}

/// The check's outcome at each of `at` (ascending steps) of one run of `config`.
fn outcomes(config: &Value, at: &[u64], check: &Check) -> Vec<(bool, String)> {
    let mut run = Run::new(config).expect("a lesson's config is a valid core config");
    at.iter()
        .map(|&step| {
            run.train(step - run.steps());
            let outcome = run.evaluate(check).unwrap();
            (outcome.holds, format!("step {step}: {:?}", outcome.measured))
        })
        .collect()
}

fn holds_after(config: &Value, steps: u64, check: &Check) -> (bool, String) {
    outcomes(config, &[steps], check).remove(0)
}

/// Holds at `steps` and the evaluations before it that "Seen" needs.
fn seen_at(config: &Value, steps: u64, every: u64, check: &Check) -> (bool, String) {
    let at: Vec<u64> = (0..RUNNING as u64).rev().map(|back| steps - back * every).collect();
    let all = outcomes(config, &at, check);
    (all.iter().all(|(holds, _)| *holds), all.into_iter().map(|(_, m)| m).collect::<Vec<_>>().join("; "))
}

#[test]
fn every_lesson_is_well_formed() {
    let lessons = lessons();
    let page: Vec<PageLesson> = lesson_files().iter().map(|(_, text)| serde_json::from_str(text).unwrap()).collect();
    assert!(lessons.len() >= 5);
    for (lesson, page) in lessons.iter().zip(&page) {
        Config::from_json(&lesson.config.to_string()).unwrap_or_else(|e| panic!("{}: {e}", lesson.id));
        assert!((2..=6).contains(&page.steps.len()), "{}: a lesson is a few short steps", page.id);
        for chart in page.steps.iter().map(|s| &s.chart).chain([&page.chart]) {
            assert!(PAGE.contains(&format!("id=\"{chart}\"")), "{}: the page has no element #{chart}", page.id);
        }
        for step in &page.steps {
            let sentences = step.text.matches(". ").count() + 1;
            assert!((2..=6).contains(&sentences) && step.text.len() < 420, "{}: a step is two to four sentences: {}", page.id, step.text);
        }
        // a claim has two sides; compare mode shows variants only
        assert!(!lesson.contrast.is_empty() || lesson.rerun.is_some(), "{}: no contrast", lesson.id);
        for contrast in &lesson.contrast {
            contrast.config(&lesson.config).unwrap_or_else(|e| panic!("{}: {e}", lesson.id));
        }
        assert!(lesson.also.is_empty() || lesson.compare, "{}: `also` names compare-mode variants", lesson.id);
        assert!(lesson.test.steps > (RUNNING as u64 - 1) * lesson.test.every, "{}: room for {RUNNING} evaluations", lesson.id);
    }
}

#[test]
fn every_prompt_a_lesson_checks_is_held_out_of_training() {
    fn prompts(check: &Check, found: &mut Vec<String>) {
        match check {
            Check::Prefers { prompt, .. } => found.push(prompt.clone()),
            Check::All { of } => of.iter().for_each(|c| prompts(c, found)),
            Check::Not { check } => prompts(check, found),
            _ => {}
        }
    }
    for lesson in lessons() {
        let mut found = Vec::new();
        prompts(&lesson.check, &mut found);
        for prompt in found {
            assert!(HELD_OUT_PROMPTS.contains(&prompt.as_str()), "{}: \"{prompt}\" is not in agreement::HELD_OUT_PROMPTS", lesson.id);
        }
    }
}

fn claim_holds_with_its_contrasts(id: &str) {
    let lesson = lesson(id);
    let (steps, every) = (lesson.test.steps, lesson.test.every);
    let check = lesson.test.check.as_ref().unwrap_or(&lesson.check);
    // what an untrained model makes the check say: not what the lesson is about
    let untrained = Run::new(&lesson.config).unwrap().evaluate(&lesson.check).unwrap();
    assert!(!untrained.holds, "{id}: the check holds before training: {:?}", untrained.measured);
    let (holds, measured) = seen_at(&lesson.config, steps, every, check);
    println!("{id}: {measured}");
    assert!(holds, "{id}: the check is not seen by step {steps}: {measured}");
    for contrast in &lesson.contrast {
        let (holds, measured) = holds_after(&contrast.config(&lesson.config).unwrap(), steps, check);
        println!("{id}, contrast {}: {measured}", contrast.name());
        assert!(!holds, "{id}: the check holds for the contrast {} too: {measured}", contrast.name());
    }
    for variant in &lesson.also {
        let (holds, measured) = seen_at(&lessons::variant_config(&lesson.config, variant).unwrap(), steps, every, check);
        println!("{id}, also {variant}: {measured}");
        assert!(holds, "{id}: the check is not seen for the {variant} by step {steps}: {measured}");
    }
    if let Some(rerun) = &lesson.rerun {
        let (holds, measured) = holds_after(&rerun.config, rerun.train_to, &rerun.check);
        println!("{id} rerun: {measured}");
        assert!(holds, "{id}: the rerun's check does not hold: {measured}");
        let (before, measured) = holds_after(&lesson.config, rerun.train_to, &rerun.check);
        println!("{id}, rerun's check on the lesson's run: {measured}");
        assert!(!before, "{id}: the rerun's check holds without the rerun's change: {measured}");
    }
}

#[test]
fn the_writer_lesson_holds_its_claim() {
    claim_holds_with_its_contrasts("writer");
}

#[test]
fn the_vanishing_lesson_holds_its_claim() {
    claim_holds_with_its_contrasts("vanishing");
}

#[test]
fn the_exploding_lesson_holds_its_claim() {
    claim_holds_with_its_contrasts("exploding");
}

#[test]
fn the_cells_lesson_holds_its_claim() {
    claim_holds_with_its_contrasts("cells");
}

#[test]
fn the_memory_lesson_holds_its_claim() {
    claim_holds_with_its_contrasts("memory");
}

#[test]
fn the_bidirectional_lesson_holds_its_claim() {
    claim_holds_with_its_contrasts("bidirectional");
}

#[test]
fn the_deep_stacks_lesson_holds_its_claim() {
    claim_holds_with_its_contrasts("deep");
}

#[test]
fn the_bidirectional_lesson_needs_the_reverse_direction() {
    // what the lesson sees is the reverse direction's doing: its contrast is the forward-only variant
    let lesson = lesson("bidirectional");
    assert!(lesson.contrast.iter().any(|c| c.variant.as_deref() == Some("forward")));
}

#[test]
fn the_deep_stacks_lesson_is_about_the_skip_connections() {
    // its rerun changes nothing but the connections, and its check reads the lowest over the top layer
    let lesson = lesson("deep");
    let rerun = lesson.rerun.as_ref().expect("the deep stacks lesson reruns with residual connections");
    let mut plain = rerun.config.clone();
    plain["model"].as_object_mut().unwrap().remove("connections");
    assert_eq!(plain, lesson.config);
    assert!(lesson.config["model"]["layers"].as_u64().unwrap() >= 3, "a deep stack");
}
