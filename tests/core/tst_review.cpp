// SPDX-License-Identifier: MIT
// Review and correct: a changed or removed answer of an earlier round, journaled, applied to the
// learner, undone in the one undo history and replayed on reopen; on real MNIST images.
#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/loop/labeling_session.h"
#include "session_fixtures.h"
#include "test_support.h"
#include "tests/test_main.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <map>

namespace tst_review {

using namespace lada;

namespace {

using test::mnistSplits;

ExperimentConfig smallConfig()
{
    return test::smallSessionConfig();
}

/** A session in `folder` with round 0 and round 1 answered (known labels) and trained, round 2 open. */
std::unique_ptr<LabelingSession> sessionAtRoundTwo(const QString& folder)
{
    const Splits splits = mnistSplits();
    auto s = std::make_unique<LabelingSession>(splits, DataSources{splits.train.root, {}, {}, {}}, smallConfig(),
                                               folder.toStdString());
    s->openInitialSet();
    s->train({});
    s->propose({});
    s->answerFromGroundTruth();
    s->train({});
    s->propose({});
    return s;
}

std::unique_ptr<LabelingSession> reopen(const QString& folder)
{
    RestoreSummary restored;
    return std::make_unique<LabelingSession>(mnistSplits(), Session::open(folder.toStdString()), Progress{}, restored);
}

/** The learner's labeled set: row -> class. */
std::map<int64_t, int64_t> labeledSet(const LabelingSession& s)
{
    std::map<int64_t, int64_t> out;
    for (int64_t r : s.learner().labeledRows())
        out[r] = s.learner().labelOf(r);
    return out;
}

std::vector<nlohmann::json> journal(const QString& folder)
{
    QFile f(folder + QStringLiteral("/labels.jsonl"));
    std::vector<nlohmann::json> out;
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (!line.isEmpty())
            out.push_back(nlohmann::json::parse(line.toStdString()));
    return out;
}

int trueLabel(const LabelingSession& s, int64_t row)
{
    return static_cast<int>(s.learner().train().labels[row].item<int64_t>());
}

/** The rows of round `round`'s answers, from the review list. */
std::vector<int64_t> rowsOfRound(const LabelingSession& s, int round)
{
    std::vector<int64_t> rows;
    for (const ReviewEntry& e : s.answeredImages())
        if (e.round == round)
            rows.push_back(e.row);
    return rows;
}

const ReviewEntry* entryOf(const std::vector<ReviewEntry>& entries, int64_t row)
{
    for (const ReviewEntry& e : entries)
        if (e.row == row)
            return &e;
    return nullptr;
}

}  // namespace

class TestReview : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void listsEveryAnsweredImage()
    {
        QTemporaryDir dir;
        const auto s = sessionAtRoundTwo(dir.filePath("s"));
        const std::vector<ReviewEntry> entries = s->answeredImages();
        QCOMPARE(entries.size(), size_t{14});  // 10 initial + 4 of round 1
        QCOMPARE(rowsOfRound(*s, 0).size(), size_t{10});
        QCOMPARE(rowsOfRound(*s, 1).size(), size_t{4});
        for (const ReviewEntry& e : entries) {
            QVERIFY2(QFile::exists(QString::fromStdString(e.path)), e.path.c_str());  // absolute, on the disk
            QCOMPARE(e.label, trueLabel(*s, e.row));
            QCOMPARE(e.belowUndoFloor, e.round == 0);
            QVERIFY(!e.time.empty() && !e.heldOut);
        }
    }

    void changeAndRemoveAnEarlierRoundsAnswer()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath("s");
        std::map<int64_t, int64_t> labeled;
        int64_t pool = 0, changed = -1, removed = -1, initial = -1;
        {
            const auto session = sessionAtRoundTwo(folder);
            LabelingSession& s = *session;
            const std::vector<int64_t> round1 = rowsOfRound(s, 1);
            changed = round1[0];
            removed = round1[1];
            initial = rowsOfRound(s, 0)[3];
            const int wrong = (trueLabel(s, changed) + 1) % 10;
            const size_t lines = journal(folder).size();
            const int64_t poolBefore = s.learner().poolSize();

            const auto out = s.changeAnswer(changed, wrong);
            QVERIFY(out && out->applied && out->label == wrong);
            std::vector<nlohmann::json> j = journal(folder);
            QCOMPARE(j.size(), lines + 1);
            QCOMPARE(j.back()["label"].get<std::string>(), std::to_string(wrong));
            QCOMPARE(j.back()["round"].get<int>(), 1);  // the round it was answered in
            QCOMPARE(s.learner().labelOf(changed), int64_t{wrong});
            QCOMPARE(s.learner().poolSize(), poolBefore);
            QCOMPARE(entryOf(s.answeredImages(), changed)->label, wrong);

            const AnswerOutcome gone = s.removeAnswer(removed);
            QCOMPARE(gone.label, trueLabel(s, removed));
            j = journal(folder);
            QCOMPARE(j.size(), lines + 2);
            QCOMPARE(j.back()["retract"].get<int64_t>(), j[lines - 4 + 1]["seq"].get<int64_t>());  // round 1's 2nd
            QVERIFY(s.learner().isInPool(removed));
            QCOMPARE(s.learner().poolSize(), poolBefore + 1);
            QVERIFY(!entryOf(s.answeredImages(), removed));

            // The initial set's answers (known labels, below the undo floor) can be corrected too.
            QVERIFY(s.changeAnswer(initial, std::nullopt));  // skipped
            QCOMPARE(journal(folder).back().value("skipped", false), true);
            QCOMPARE(journal(folder).back()["round"].get<int>(), 0);
            QVERIFY(!s.learner().isInPool(initial));
            QCOMPARE(s.learner().labelOf(initial), int64_t{-1});
            QCOMPARE(s.counts().skipped, int64_t{1});
            QCOMPARE(s.counts().labeled, int64_t{12});
            labeled = labeledSet(s);
            pool = s.learner().poolSize();
        }  // closed, as if the program ended
        const auto s = reopen(folder);
        QCOMPARE(labeledSet(*s), labeled);
        QCOMPARE(s->learner().poolSize(), pool);
        QVERIFY(s->learner().isInPool(removed));
        QCOMPARE(s->learner().labelOf(initial), int64_t{-1});
        QVERIFY(!s->learner().isInPool(initial));
        // Replay keeps the initial set as the undo floor (the changed initial answer included).
        QCOMPARE(s->undoableAnswers(), size_t{3});
        QCOMPARE(entryOf(s->answeredImages(), initial)->round, 0);
        QVERIFY(entryOf(s->answeredImages(), initial)->belowUndoFloor);
    }

    void undoTakesBackReviewEditsInOrder()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath("s");
        std::map<int64_t, int64_t> before;
        {
            const auto session = sessionAtRoundTwo(folder);
            LabelingSession& s = *session;
            before = labeledSet(s);
            const int64_t pool = s.learner().poolSize();
            const std::vector<int64_t> round1 = rowsOfRound(s, 1);
            const int64_t a = round1[0], b = round1[1];
            const int wrong = (trueLabel(s, a) + 1) % 10;
            s.changeAnswer(a, wrong);
            s.removeAnswer(b);
            const int64_t card = s.cardRows()[0];
            s.answer(card, trueLabel(s, card));  // an answer between the edits and the undo
            QCOMPARE(s.undoableAnswers(), size_t{4 + 2});

            std::optional<UndoneStep> step = s.undoStep();
            QVERIFY(step && step->kind == UndoneStep::Kind::Answer && step->row == card);
            QVERIFY(s.isOpenCard(card));
            step = s.undoStep();  // the removal: b has its answer again, journaled anew
            QVERIFY(step && step->kind == UndoneStep::Kind::Remove && step->row == b);
            QCOMPARE(step->label, trueLabel(s, b));
            QCOMPARE(s.learner().labelOf(b), int64_t{trueLabel(s, b)});
            QCOMPARE(journal(folder).back()["label"].get<std::string>(), std::to_string(trueLabel(s, b)));
            QCOMPARE(journal(folder).back()["round"].get<int>(), 1);
            step = s.undoStep();  // the change: a has its first answer again (its record is retracted)
            QVERIFY(step && step->kind == UndoneStep::Kind::Change && step->row == a);
            QCOMPARE(step->label, trueLabel(s, a));
            QVERIFY(journal(folder).back().contains("retract"));
            QCOMPARE(s.learner().labelOf(a), int64_t{trueLabel(s, a)});
            QCOMPARE(labeledSet(s), before);
            QCOMPARE(s.learner().poolSize(), pool);
            QCOMPARE(s.undoableAnswers(), size_t{4});
        }
        const auto s = reopen(folder);
        QCOMPARE(labeledSet(*s), before);
        QCOMPARE(s->undoableAnswers(), size_t{4});
        // Undo after reopening takes back answers, never the initial set.
        for (int i = 0; i < 4; ++i)
            QVERIFY(s->undo());
        QVERIFY(!s->undo());
        QCOMPARE(s->counts().labeled, int64_t{10});
        // And the journal agrees with the learner.
        QCOMPARE(s->journal()->labels().size(), size_t{10});
    }

    void anEditWhilePhaseRunsAppliesAtItsEnd()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath("s");
        const auto session = sessionAtRoundTwo(folder);
        LabelingSession& s = *session;
        const std::vector<int64_t> round1 = rowsOfRound(s, 1);
        const int64_t a = round1[0], b = round1[1];
        const int truth = trueLabel(s, a), wrong = (truth + 1) % 10;
        const LabelingSession::Counts c0 = s.counts();
        const size_t lines = journal(folder).size();
        s.beginPhase(SessionPhase::Embedding);
        const auto out = s.changeAnswer(a, wrong);
        QVERIFY(out && !out->applied);
        QCOMPARE(journal(folder).size(), lines + 1);             // journaled at once
        QCOMPARE(s.learner().labelOf(a), int64_t{truth});        // the engine's state untouched meanwhile
        QCOMPARE(entryOf(s.answeredImages(), a)->label, wrong);  // the list shows the journal
        const LabelingSession::Counts c1 = s.counts();
        QCOMPARE(c1.perClass[static_cast<size_t>(wrong)], c0.perClass[static_cast<size_t>(wrong)] + 1);
        QCOMPARE(c1.perClass[static_cast<size_t>(truth)], c0.perClass[static_cast<size_t>(truth)] - 1);
        QVERIFY(!s.removeAnswer(b).applied);
        QVERIFY(!s.learner().isInPool(b));
        QCOMPARE(s.counts().pool, c0.pool + 1);
        s.endPhase();
        QCOMPARE(s.learner().labelOf(a), int64_t{wrong});
        QVERIFY(s.learner().isInPool(b));
        QCOMPARE(s.counts().labeled, c0.labeled - 1);
        // An undo during a phase is journaled at once as well.
        s.beginPhase(SessionPhase::Embedding);
        QCOMPARE(s.undoStep()->kind, UndoneStep::Kind::Remove);
        QVERIFY(s.learner().isInPool(b));
        s.endPhase();
        QCOMPARE(s.learner().labelOf(b), int64_t{trueLabel(s, b)});
    }

    void refusals()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath("s");
        const auto session = sessionAtRoundTwo(folder);
        LabelingSession& s = *session;
        const size_t lines = journal(folder).size();
        const int64_t card = s.cardRows()[0];
        try {
            s.changeAnswer(card, 1);
            QFAIL("an open card was changed");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("answer it on its card") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, s.removeAnswer(card));
        int64_t inPool = 0;
        while (!s.learner().isInPool(inPool) || s.isOpenCard(inPool))
            ++inPool;
        QVERIFY_THROWS_EXCEPTION(Error, s.changeAnswer(inPool, 1));
        QVERIFY_THROWS_EXCEPTION(Error, s.removeAnswer(inPool));
        QVERIFY_THROWS_EXCEPTION(Error, s.removeAnswer(-1));
        QVERIFY_THROWS_EXCEPTION(Error, s.changeAnswer(1 << 30, 1));
        const int64_t answered = rowsOfRound(s, 1)[0];
        QVERIFY_THROWS_EXCEPTION(ConfigError, s.changeAnswer(answered, 10));
        QVERIFY(!s.changeAnswer(answered, trueLabel(s, answered)));  // the same answer: nothing to journal
        QCOMPARE(journal(folder).size(), lines);
        QCOMPARE(s.undoableAnswers(), size_t{4});

        // A session without a folder journals nothing, so it has nothing to review.
        const Splits splits = mnistSplits();
        LabelingSession bare(splits, DataSources{splits.train.root, {}, {}, {}}, smallConfig(), {});
        bare.openInitialSet();
        QVERIFY_THROWS_EXCEPTION(Error, bare.answeredImages());
        QVERIFY_THROWS_EXCEPTION(Error, bare.changeAnswer(bare.cardRows()[0], 1));
    }
};

LADA_TEST_GUILESS_MAIN(TestReview)
}  // namespace tst_review
#include "tst_review.moc"
