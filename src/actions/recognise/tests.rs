//! The recogniser on phrases from the real archives in `../shared/corpus/` (each case names
//! its file; the attendees are that meeting's), on made-up phrases for each form, and on
//! phrases it must not take.

use super::*;

/// A roster from `Name (@handle)` pairs, keyed as the archive keys people.
fn roster(people: &[(&str, &str)]) -> Roster {
    Roster::new(
        people
            .iter()
            .map(|(name, handle)| Who {
                key: if handle.is_empty() {
                    crate::model::slugify(name)
                } else {
                    handle.to_ascii_lowercase()
                },
                name: name.to_string(),
                handle: (!handle.is_empty()).then(|| handle.to_string()),
            })
            .collect(),
    )
}

/// (kind, person keys) of what `sentence` records.
fn got(sentence: &str, r: &Roster) -> Vec<(Kind, Vec<String>)> {
    recognise(sentence, r)
        .into_iter()
        .map(|f| (f.kind, f.people.into_iter().map(|p| p.key).collect()))
        .collect()
}

fn action(keys: &[&str]) -> Vec<(Kind, Vec<String>)> {
    vec![(Kind::Action, keys.iter().map(|k| k.to_string()).collect())]
}

fn decision() -> Vec<(Kind, Vec<String>)> {
    vec![(Kind::Decision, Vec::new())]
}

// nodejs-security-wg/2023-04-27.md
fn sec_2023_04_27() -> Roster {
    roster(&[
        ("Ulises Gascon", "ulisesGascon"),
        ("Marco Ippolito", "marco-ippolito"),
        ("Yagiz Nizipli", "anonrig"),
        ("Michael Dawson", "mhdawson"),
        ("Rafael Gonzaga", "RafaelGSS"),
    ])
}

#[test]
fn name_will_from_security_wg_2023_04_27() {
    let r = sec_2023_04_27();
    assert_eq!(
        got("Ulises will lead the initiative.", &r),
        action(&["ulisesgascon"])
    );
    assert_eq!(
        got(
            "Marco will start a discussion to backporting this process to other Node.js versions",
            &r
        ),
        action(&["marco-ippolito"])
    );
    // A state, not a promise.
    assert_eq!(got("Yagiz Nizipli will be in parental leave.", &r), []);
    assert_eq!(
        got(
            "It will great to have some community support for Fuzzing",
            &r
        ),
        []
    );
    assert_eq!(
        got(
            "The documents will be relocated to the Node repository as soon as it is ready",
            &r
        ),
        []
    );
    assert_eq!(got("We’ll review all the three PR async", &r), []);
    assert_eq!(
        got(
            "We agreed to promote the Ada related issues in Node to the fastrack when needed.",
            &r
        ),
        decision()
    );
}

#[test]
fn speaker_labels_from_security_wg_2017_07_13_and_2019_06_17() {
    // nodejs-security-wg/2017-07-13.md
    let r = roster(&[
        ("Michael Dawson", "mhdawson"),
        ("Josh Brown-White", "joshbw"),
        ("Colin Ihrig", "cjihrig"),
        ("Sam Roberts", "sam-github"),
    ]);
    assert_eq!(
        got(
            "Michael: will take a cut at documenting the current process",
            &r
        ),
        action(&["mhdawson"])
    );
    assert_eq!(
        got("Sam: will schedule the next WG meeting", &r),
        action(&["sam-github"])
    );
    // A handle written as a name.
    assert_eq!(
        got("JoshBW: will evaluate HackerOne and BugCrowd", &r),
        action(&["joshbw"])
    );
    assert_eq!(got("Sam: time OK?", &r), []);
    // nodejs-security-wg/2019-06-17.md: initials as speaker labels.
    let r = roster(&[
        ("Vladimir de Turckheim", "vdeturckheim"),
        ("Michael Dawson", "mhdawson"),
        ("Sam Roberts", "sam-github"),
        ("Ron Perris", "ronperris"),
    ]);
    assert_eq!(
        got("SR: will move forward on this", &r),
        action(&["sam-github"])
    );
    assert_eq!(
        got("RP: agreed to own reporting", &r),
        action(&["ronperris"])
    );
    // Liran was not listed as present: initials alone name nobody.
    assert_eq!(got("LT: will reach out", &r), []);
    assert_eq!(
        got("Ran out of time, will have to wait until next meeting.", &r),
        []
    );
}

#[test]
fn markers_from_loaders_and_package_maintenance() {
    let nobody = Roster::default();
    // nodejs-loaders/2021-07-23.md
    assert_eq!(
        got(
            "TODO: Move the loaders examples repo into the nodejs org.",
            &nobody
        ),
        action(&[])
    );
    // nodejs-package-maintenance/2019-07-29.md
    let r = roster(&[("Wes Todd", "wesleytodd"), ("Michael Dawson", "mhdawson")]);
    assert_eq!(
        got(
            "Action: Michael to update the calendar with the new times -> done.",
            &r
        ),
        action(&["mhdawson"])
    );
    // nodejs-loaders/2022-11-08.md and 2023-07-18.md: a marker that opens a list.
    assert_eq!(opens_block("Decision:"), Some(Kind::Decision));
    assert_eq!(opens_block("Agreed:"), Some(Kind::Decision));
    // nodejs-security-wg/2022-10-27.md
    assert_eq!(opens_block("Two new actions:"), Some(Kind::Action));
    assert_eq!(opens_block("Next steps:"), None);
    assert_eq!(opens_block("Reactions:"), None);
    assert_eq!(got("AI: Ana to check", &nobody), action(&[]));
    // nodejs-security-wg/2024-07-18.md: the Scorecard's "Actions" category, not a task.
    assert_eq!(
        got(
            "Actions: in nodejs/node-addon-api there is a new workflow that can be improved",
            &nobody
        ),
        []
    );
    assert_eq!(got("Decision: ship it", &nobody), decision());
}

#[test]
fn handles_took_action_and_lists() {
    // nodejs-package-maintenance/2020-02-25.md
    let r = roster(&[("Michael Dawson", "mhdawson"), ("Glenn Hinks", "ghinks")]);
    assert_eq!(
        got(
            "Michael took action to reach out to eomm and Wes to discuss how we update the tool",
            &r
        ),
        action(&["mhdawson"])
    );
    // nodejs-security-wg/2018-12-03.md: handles need not be on the attendee list.
    assert_eq!(
        got(
            "@lirantal and @sam-github to check the base issue before moving forward.",
            &Roster::default()
        ),
        action(&["lirantal", "sam-github"])
    );
    // nodejs-security-wg/2023-03-16.md
    let r = roster(&[
        ("Ashish Kurmi", "boahc077"),
        ("Varun Sharma", "varunsh-coder"),
    ]);
    assert_eq!(
        got(
            "Varun/Ashish will investigate why we still get a HIGH tag when score is 8/10",
            &r
        ),
        action(&["varunsh-coder", "boahc077"])
    );
    // nodejs-package-maintenance/2019-08-27.md
    assert_eq!(
        got(
            "Next action was for @BethGriggs to get us some feedback from the Release team",
            &Roster::default()
        ),
        action(&["bethgriggs"])
    );
    // nodejs-package-maintenance/2024-07-30.md
    let r = roster(&[("Wes Todd", "wesleytodd")]);
    assert_eq!(
        got(
            "Wes, will take action to refactor point 4 into what has been discussed.",
            &r
        ),
        action(&["wesleytodd"])
    );
    // nodejs-package-maintenance/2019-11-05.md: in parentheses.
    assert_eq!(
        got(
            "Open issue as a reminder to repost/publicise periodically. (@mhdawson will open that issue)",
            &Roster::default()
        ),
        action(&["mhdawson"])
    );
    // nodejs-security-wg/2024-12-05.md: a first name written as a handle.
    let r = roster(&[("Ulises Gascón", "UlisesGascon")]);
    assert_eq!(
        got(
            "@ulises: I will try to create an exception for this pipeline",
            &r
        ),
        action(&["ulisesgascon"])
    );
    // nodejs-security-wg/2023-01-05.md
    assert_eq!(
        got(
            "@rafaelgss will create a module as a first step that will do the check, could be used with npx",
            &Roster::default()
        ),
        action(&["rafaelgss"])
    );
}

#[test]
fn decisions_with_actions_in_one_sentence() {
    // nodejs-security-wg/2022-05-12.md
    let r = roster(&[
        ("Rafael Gonzaga", "rafaelgss"),
        ("Vladimir de Turckheim", "vdeturckheim"),
    ]);
    let found = got("Agreed to close, Vladimir to close", &r);
    assert_eq!(
        found,
        [
            (Kind::Decision, vec![]),
            (Kind::Action, vec!["vdeturckheim".to_string()])
        ]
    );
    assert_eq!(got("WE DECIDED TO SHIP IT", &Roster::default()), decision());
    // nodejs-security-wg/2022-10-27.md
    assert_eq!(
        got(
            "Consensus we don't need a formally chartered team",
            &Roster::default()
        ),
        decision()
    );
    // nodejs-security-wg/2023-02-02.md
    assert_eq!(
        got(
            "The reporter didn't join the meeting so we decided to move it to next meeting.",
            &Roster::default()
        ),
        decision()
    );
    // nodejs-package-maintenance/2024-06-04.md
    assert_eq!(
        got(
            "Agreed that adding content to nodejs.org learn section as it will be more visible/discoverable.",
            &Roster::default()
        ),
        decision()
    );
}

#[test]
fn does_not_take_plans_without_a_person() {
    let r = roster(&[
        ("Michael Dawson", "mhdawson"),
        ("Tierney Cyren", "bnb"),
        ("Sam Roberts", "sam-github"),
        ("Liran Tal", "lirantal"),
    ]);
    for sentence in [
        "we will see",
        "We will see how it goes",
        "it will take time",
        "This will land in v20",
        "this will land in v20 and we will backport it",
        // nodejs-security-wg/2019-04-22.md
        "Michael, Tierney, and Sam will be at summit",
        "Liran, will you put together some slides?",
        // nodejs-security-wg/2023-01-05.md
        "There are some discussions but no objections, so the feature will be soon approved/merged",
        "Will defer to next meeting and make sure we give Gabriela a heads up on the meeting time",
        // nodejs-security-wg/2023-08-31.md: OpenJS is not a person at the meeting.
        "OpenJS will create the form for managing the sponsored initiative",
        // nodejs-security-wg/2018-12-03.md: "says he will" reports, not commits.
        "Progress has been slow lately, but @vdeturckheim says he will have time coming up to keep working on it.",
        // nodejs-security-wg/2022-08-04.md
        "It will be superseded by the Best Practices Document",
        // nodejs-security-wg/2023-06-08.md
        "If someone wants to take action on that, feel free",
        "Nobody knows whether we agreed on this",
        "As agreed in the last meeting, checks resolve symlinks first",
        // A name that is nobody at this meeting.
        "Rafael will open an issue on OpenSSL project",
        // A team is not a person.
        "@nodejs/security-wg will review",
        "Michael will take a while to get to it",
        // nodejs-package-maintenance/2019-09-24.md: Michael is met, not committed.
        "Next action, glen to set meeting with Emanuel and Michael to refine content/direction",
        // nodejs-loaders/2024-07-02.md: a condition, not a promise.
        "Michael: I will only put efforts on this if this is agreed to be eventually in core.",
    ] {
        assert_eq!(got(sentence, &r), [], "{sentence}");
    }
}

#[test]
fn ambiguous_first_names_name_nobody() {
    let r = roster(&[("Michael Dawson", "mhdawson"), ("Michael Smith", "msmith")]);
    assert_eq!(got("Michael will review", &r), []);
    assert_eq!(got("Michael Smith will review", &r), action(&["msmith"]));
}

#[test]
fn tokens_keep_handles_and_dotted_names_whole() {
    assert_eq!(
        tokens("@org/team, Node.js (I'll)."),
        [
            Tok::Word("@org/team"),
            Tok::Punct(','),
            Tok::Word("Node.js"),
            Tok::Punct('('),
            Tok::Word("I'll"),
            Tok::Punct(')'),
            Tok::Punct('.'),
        ]
    );
}

#[test]
fn sentences_naming_nobody_are_known_without_their_words() {
    let r = sec_2023_04_27();
    let plain = [
        "The team will review the proposal next week.",
        "We agreed to move the meeting.",
        "Someone to draft the blog post.",
    ];
    for s in plain {
        assert!(!r.may_name_someone(s), "{s}");
        assert!(people_in(s, &r).is_empty(), "{s}");
    }
    // Every way of naming a member passes the filter, and the filter never changes who is
    // found: by first name, full name, bare handle (any case), @handle, speaker initials, and
    // text that is not ASCII (whose lower case may differ from its words').
    let named = [
        ("Ulises will lead the initiative.", vec!["ulisesgascon"]),
        ("Marco Ippolito to write the draft.", vec!["marco-ippolito"]),
        ("anonrig will open a PR.", vec!["anonrig"]),
        ("ANONRIG will open a PR.", vec!["anonrig"]),
        ("@mhdawson will follow up.", vec!["mhdawson"]),
        ("@someone-else will follow up.", vec!["someone-else"]),
        ("MD: I will ask the TSC.", vec!["mhdawson"]),
        ("Rafael’s team — Rafael will check.", vec!["rafaelgss"]),
        ("Thanks to Ulises, and Yagiz will review.", vec!["anonrig"]),
    ];
    for (s, keys) in named {
        assert!(r.may_name_someone(s), "{s}");
        let found: Vec<String> = people_in(s, &r).into_iter().map(|p| p.key).collect();
        assert_eq!(found, keys, "{s}");
        let words: Vec<String> = people_in_words(s, &r).into_iter().map(|p| p.key).collect();
        assert_eq!(found, words, "{s}");
    }
}
