//! The sentiment tagging task separates the directions: a bidirectional model learns the tags that
//! only the words after them decide, and a forward-only one stays at chance there while learning
//! the rest.

use rnn_core::tagging::{self, TaggingAccuracy};
use rnn_core::{presets, Trainer};

const STEPS: u64 = 250;

fn trained(bidirectional: bool) -> TaggingAccuracy {
    let mut config = presets::sentiment();
    config.model.hidden = 32;
    config.model.embedding = 8;
    config.model.bidirectional = bidirectional;
    config.train.batch = 8;
    config.train.optimizer = rnn_core::OptimizerConfig::Adam { lr: 0.01 };
    config.corpus = rnn_core::corpus::CorpusConfig::Sentiment(rnn_core::corpus::SentimentConfig { sentences: 5000 });
    let mut trainer = Trainer::from_config(&config).unwrap();
    for _ in 0..STEPS {
        trainer.step();
    }
    let accuracy = tagging::accuracy(&trainer.model, &trainer.vocab, &tagging::eval_sentences(1000, 1));
    println!("bidirectional {bidirectional}, {STEPS} steps: {accuracy:?}");
    accuracy
}

#[test]
fn only_a_bidirectional_model_tags_what_the_right_context_decides() {
    let forward = trained(false);
    let both = trained(true);
    // measured: forward-only 0.512 where the right context decides, 1.000 elsewhere; bidirectional 1.000 everywhere
    assert!(forward.left_accuracy > 0.9 && forward.sentence_accuracy > 0.9, "{forward:?}");
    assert!(forward.ambiguous_accuracy < 0.6, "a left-to-right model cannot know the next adjective: {forward:?}");
    assert!(both.ambiguous_accuracy > 0.9 && both.left_accuracy > 0.9, "{both:?}");
}
