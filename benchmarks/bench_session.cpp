// SPDX-License-Identifier: MIT
// How long a person waits: from a key press to its answer's line in the journal, and from Cancel to the
// phase's stop, in each phase of the engine (idle, training, policy training, t-SNE), through the real
// worker on its thread. Targets (issue 10): an answer on the disk within 100 ms, a cancel within 0.5 s.
//   bench_session <mnist-png root> [repeats]
#include "core/config/setting_table.h"
#include "ui/worker/learner_worker.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace lada;
using namespace lada::ui;

namespace {

bool copyMnist(const QString& root, const QString& target, int perClass)
{
    for (int d = 0; d < 10; ++d) {
        const QDir source(root + QStringLiteral("/train/") + QString::number(d));
        const QStringList files = source.entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        QDir().mkpath(target + QLatin1Char('/') + QString::number(d));
        for (int i = 0; i < perClass && i < files.size(); ++i)
            if (!QFile::copy(source.filePath(files[i]),
                             target + QLatin1Char('/') + QString::number(d) + QLatin1Char('/') + files[i]))
                return false;
    }
    return true;
}

/** Runs the event loop until `done` or `ms` pass; true when done. */
bool waitFor(const std::function<bool()>& done, int ms, const char* what = nullptr)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms) {
            if (what)
                std::fprintf(stderr, "bench_session: gave up waiting for %s\n", what);
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    }
    return true;
}

qint64 fileSize(const QString& f)
{
    return QFileInfo(f).size();
}

struct Stats {
    std::vector<double> ms;
    void add(double v) { ms.push_back(v); }
    double median() const
    {
        std::vector<double> v = ms;
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[v.size() / 2];
    }
    double max() const { return ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()); }
};

}  // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_session <mnist-png root> [repeats]\n");
        return 2;
    }
    const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    registerWorkerTypes();
    QTemporaryDir dir;
    const QString train = dir.filePath(QStringLiteral("train"));
    if (!copyMnist(QString::fromLocal8Bit(argv[1]), train, 60)) {
        std::fprintf(stderr, "bench_session: cannot copy MNIST images from %s\n", argv[1]);
        return 1;
    }

    QThread thread;
    auto* worker = new LearnerWorker;
    worker->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    QString phase;
    qint64 done = 0, total = 0;
    bool opened = false, busy = false;
    int proposals = 0, cancels = 0;
    std::vector<RoundCards> cards;
    QObject::connect(worker, &LearnerWorker::progressChanged, &app, [&](const QString& p, qint64 d, qint64 t) {
        phase = p;
        done = d;
        total = t;
    });
    QObject::connect(worker, &LearnerWorker::datasetOpened, &app, [&] { opened = true; });
    QObject::connect(worker, &LearnerWorker::busyChanged, &app, [&](bool b) {
        busy = b;
        phase.clear();  // a phase is "running" only on its own fresh progress
    });
    QObject::connect(worker, &LearnerWorker::proposalsReady, &app, [&](const RoundCards& c) {
        ++proposals;
        cards.push_back(c);
    });
    QObject::connect(worker, &LearnerWorker::cancelled, &app, [&] { ++cancels; });
    thread.start();
    auto call = [&](std::function<void()> f) { QMetaObject::invokeMethod(worker, std::move(f), Qt::QueuedConnection); };

    ExperimentConfig s;
    applySettings(s, {{"strategy", "lada-entmix"},
                      {"model", "cnn"},
                      {"budget", "10"},
                      {"initial", "20"},
                      {"epochs", "400"},
                      {"policy-epochs", "400"},
                      {"policy-objective", "curve"},
                      {"pool-subset", "400"},
                      {"tsne-points", "500"},
                      {"tsne-iterations", "5000"},
                      {"seed", "1"},
                      {"device", "cpu"}});
    const QString folder = dir.filePath(QStringLiteral("session"));
    const QString journal = folder + QStringLiteral("/labels.jsonl");
    call([worker, train] { worker->openDataset({train, {}, {}, {}}); });
    waitFor([&] { return opened; }, 120000);
    call([worker, s, folder] { worker->startSession(s, folder); });
    std::printf("bench_session: %d repeats, %d LibTorch threads on the engine thread\n", repeats,
                QThread::idealThreadCount());

    auto inPhase = [&](const char* p) { return phase == QLatin1String(p) && done > 0 && done < total; };
    // One answer (an undo when `undo`) from the moment it is asked for to its line on the disk.
    auto pressDelay = [&](bool undo, qint64 row, int label) {
        const qint64 before = fileSize(journal);
        QElapsedTimer t;
        t.start();
        if (undo)
            call([worker] { worker->undoLastAnswer(); });
        else
            call([worker, row, label] { worker->submitAnswer(row, label); });
        waitFor([&] { return fileSize(journal) > before; }, 60000, "the journal line");
        return t.nsecsElapsed() / 1e6;
    };
    auto cancelDelay = [&]() {
        const int before = cancels;
        QElapsedTimer t;
        t.start();
        worker->requestCancel();
        waitFor([&] { return cancels > before; }, 60000, "cancelled");
        return t.nsecsElapsed() / 1e6;
    };

    // Each round: training -> policy training -> the cards -> t-SNE. In each phase a Cancel is timed (then
    // the phase resumes); from round 1 on an undo (of the previous round's last answer) is timed while
    // training and policy training run; the cards are answered while their t-SNE map is computed, after
    // one answer timed with nothing running (the baseline).
    Stats pressIdle, pressTrain, pressPolicy, pressTsne, cancelTrain, cancelPolicy, cancelTsne;
    for (int r = 0; r <= repeats; ++r) {
        std::fprintf(stderr, "bench_session: round %d\n", r);
        waitFor([&] { return inPhase("training"); }, 300000, "training");
        cancelTrain.add(cancelDelay());
        call([worker] { worker->resume(); });
        if (r > 0) {
            if (waitFor([&] { return inPhase("training"); }, 60000, "training again"))
                pressTrain.add(pressDelay(true, 0, 0));
        }
        waitFor([&] { return inPhase("policy training"); }, 300000, "policy training");
        cancelPolicy.add(cancelDelay());
        call([worker] { worker->resume(); });
        if (r > 0) {
            if (waitFor([&] { return inPhase("policy training"); }, 60000, "policy training again"))
                pressPolicy.add(pressDelay(true, 0, 0));
        }
        waitFor([&] { return inPhase("t-SNE"); }, 300000, "t-SNE");
        cancelTsne.add(cancelDelay());
        waitFor([&] { return !busy; }, 60000, "idle");
        const RoundCards c = cards.back();
        std::vector<std::pair<qint64, int>> answers;
        for (const QueryCard& q : c.queries)
            for (const ImageView& image : q.images)
                answers.emplace_back(image.row, image.trueLabel);
        pressIdle.add(pressDelay(false, answers[0].first, answers[0].second));
        // The answer restarted the map of this round.
        waitFor([&] { return inPhase("t-SNE"); }, 120000, "t-SNE again");
        for (size_t i = 1; i < answers.size(); ++i)
            pressTsne.add(pressDelay(false, answers[i].first, answers[i].second));  // the last completes the round
    }
    const double base = std::max(pressIdle.median(), 1e-3);
    std::printf(
        "\nkey press -> journal line (ms): median / max, and the median's ratio to idle (%zu, %zu, %zu, %zu presses)\n",
        pressIdle.ms.size(), pressTrain.ms.size(), pressPolicy.ms.size(), pressTsne.ms.size());
    std::printf("  idle             %8.2f / %8.2f   x %.2f\n", pressIdle.median(), pressIdle.max(), 1.0);
    std::printf("  training         %8.2f / %8.2f   x %.2f\n", pressTrain.median(), pressTrain.max(),
                pressTrain.median() / base);
    std::printf("  policy training  %8.2f / %8.2f   x %.2f\n", pressPolicy.median(), pressPolicy.max(),
                pressPolicy.median() / base);
    std::printf("  t-SNE            %8.2f / %8.2f   x %.2f\n", pressTsne.median(), pressTsne.max(),
                pressTsne.median() / base);
    std::printf("  target: 100 ms\n\nCancel -> cancelled (ms): median / max\n");
    std::printf("  training         %8.2f / %8.2f\n", cancelTrain.median(), cancelTrain.max());
    std::printf("  policy training  %8.2f / %8.2f\n", cancelPolicy.median(), cancelPolicy.max());
    std::printf("  t-SNE            %8.2f / %8.2f\n", cancelTsne.median(), cancelTsne.max());
    std::printf("  target: 500 ms\n");

    // Closing the window mid-work: cancel, quit, wait (the window's shutdownWorker).
    waitFor([&] { return busy; }, 120000);
    QElapsedTimer t;
    t.start();
    worker->requestCancel();
    thread.quit();
    thread.wait();
    std::printf("\nshutdown while %s: %.2f ms (target 1000 ms)\n", qPrintable(phase), t.nsecsElapsed() / 1e6);
    return 0;
}
