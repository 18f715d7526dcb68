// SPDX-License-Identifier: MIT
// `lada-cli experiment` end to end: the real program on the bundled MNIST sample, run to completion,
// killed outright mid-grid and resumed, interrupted with SIGINT, refused on changed settings; and the
// runs' states read from hand-made folders.
#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/experiment/experiment_grid.h"
#include "core/experiment/experiment_plan.h"
#include "tests/test_main.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace tst_experiment_runner {

namespace fs = std::filesystem;
using namespace lada;
using Json = nlohmann::json;

namespace {

const QString kSample = QStringLiteral(LADA_SOURCE_DIR "/resources/sample/mnist");
constexpr int kRounds = 3;

std::string readText(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeText(const fs::path& p, const std::string& text)
{
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

/** The rounds of a result.json, in order ({} when it is missing or unreadable). */
std::vector<int> resultRounds(const fs::path& file)
{
    const Json doc = Json::parse(readText(file), nullptr, false);
    std::vector<int> rounds;
    if (doc.is_object() && doc.contains("rounds"))
        for (const Json& r : doc["rounds"])
            rounds.push_back(r.value("round", -1));
    return rounds;
}

std::vector<int> upTo(int last)
{
    std::vector<int> v;
    for (int r = 0; r <= last; ++r)
        v.push_back(r);
    return v;
}

struct Finished {
    std::string bytes;
    fs::file_time_type mtime;
};

}  // namespace

class TestExperimentRunner : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;  // holds the dataset cache all runs share, and each test's folder

    QString cache() const { return m_tmp.filePath("cache"); }

    /** The experiment command of these tests: random and entropy, seeds 1 and 2, 2 jobs, on the sample. */
    QStringList experimentArgs(const QString& out, int rounds = kRounds, int epochs = 1) const
    {
        return {"experiment",
                "--strategies",
                "random,entropy",
                "--seeds",
                "1,2",
                "--jobs",
                "2",
                "--threads",
                "2",
                "--train",
                kSample + "/train",
                "--test",
                kSample + "/test",
                "--rounds",
                QString::number(rounds),
                "--epochs",
                QString::number(epochs),
                "--pool-subset",
                "200",
                "--initial",
                "20",
                "--budget",
                "10",
                "--no-plots",
                "--cache-dir",
                cache(),
                "--out",
                out};
    }

    /** Runs lada-cli to its end; returns the exit code (-1 for a crash or time-out). */
    int runCli(const QStringList& args, QString* out = nullptr, QString* err = nullptr)
    {
        QProcess p;
        p.start(QStringLiteral(LADA_CLI_PATH), args);
        const bool ended = p.waitForFinished(120000);
        if (out)
            *out = QString::fromUtf8(p.readAllStandardOutput());
        if (err)
            *err = QString::fromUtf8(p.readAllStandardError());
        return ended && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

    static std::vector<fs::path> runFolders(const fs::path& out)
    {
        std::vector<fs::path> dirs;
        for (const char* label : {"random", "entropy"})
            for (int seed : {1, 2})
                dirs.push_back(out / "runs" / "mnist" / label / ("seed-" + std::to_string(seed)));
        return dirs;
    }

    /** Every run complete: result.json with rounds 0..R, written with rounds = R, and the session's history alike. */
    static void verifyComplete(const fs::path& out, int rounds)
    {
        for (const fs::path& dir : runFolders(out)) {
            QCOMPARE(resultRounds(dir / "result.json"), upTo(rounds));
            const Json result = Json::parse(readText(dir / "result.json"));
            QCOMPARE(result["config"]["rounds"].get<int>(), rounds);
            std::istringstream history(readText(dir / "session" / "history.jsonl"));
            std::vector<int> recorded;
            std::string line;
            size_t i = 0;
            while (std::getline(history, line)) {
                const Json h = Json::parse(line);
                recorded.push_back(h["round"].get<int>());
                // The results file's rounds are the session's: the same accuracy, round by round.
                QCOMPARE(h["test_accuracy"].get<double>(), result["rounds"][i++]["test_accuracy"].get<double>());
            }
            QCOMPARE(recorded, upTo(rounds));
            QVERIFY(fs::exists(dir / "command.json"));
            QVERIFY(fs::exists(dir / "log.txt"));
        }
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void runsTheGridSummarizesAndSkipsFinishedRuns()
    {
        const fs::path out = m_tmp.filePath("complete").toStdString();
        QString stdOut, stdErr;
        QCOMPARE(runCli(experimentArgs(QString::fromStdString(out.string())), &stdOut, &stdErr), 0);
        QVERIFY2(stdErr.contains("4 runs (0 finished, 0 to resume, 4 new), 2 at a time, 1 thread each"),
                 qPrintable(stdErr));
        QVERIFY2(stdErr.contains("4/4 done"), qPrintable(stdErr));
        verifyComplete(out, kRounds);
        const Json grid = Json::parse(readText(out / "grid.json"));
        QCOMPARE(grid["labels"], Json::parse(R"(["random", "entropy"])"));
        QCOMPARE(grid["datasets"], Json::parse(R"(["mnist"])"));
        QCOMPARE(grid["runs"].size(), size_t(4));
        QVERIFY(fs::exists(out / "summary.md") && fs::exists(out / "summary.csv"));
        QVERIFY2(stdOut.contains("entropy") && stdOut.contains("random"), qPrintable(stdOut));

        // Again: every run is finished and left alone.
        std::map<fs::path, fs::file_time_type> mtimes;
        for (const fs::path& dir : runFolders(out))
            mtimes[dir] = fs::last_write_time(dir / "result.json");
        QCOMPARE(runCli(experimentArgs(QString::fromStdString(out.string())), &stdOut, &stdErr), 0);
        QVERIFY2(stdErr.contains("4 runs (4 finished, 0 to resume, 0 new)"), qPrintable(stdErr));
        for (const auto& [dir, t] : mtimes)
            QVERIFY(fs::last_write_time(dir / "result.json") == t);

        // --dry-run lists the states and runs nothing.
        QCOMPARE(runCli(experimentArgs(QString::fromStdString(out.string())) << "--dry-run", &stdOut, &stdErr), 0);
        QVERIFY2(stdOut.contains(QRegularExpression("mnist/entropy/seed-2 +finished")), qPrintable(stdOut));

        // Other settings in the same folder: refused, the run and the setting named, nothing touched.
        QCOMPARE(runCli(experimentArgs(QString::fromStdString(out.string()), kRounds, 2), &stdOut, &stdErr), 1);
        QVERIFY2(stdErr.contains("run mnist/random/seed-1") && stdErr.contains("epochs: \"1\" there, \"2\" now") &&
                     stdErr.contains("another --out"),
                 qPrintable(stdErr));
        for (const auto& [dir, t] : mtimes)
            QVERIFY(fs::last_write_time(dir / "result.json") == t);
    }

    void resumesAfterTheRunnerAndItsRunsAreKilled()
    {
        const int rounds = 4;  // long enough to be caught mid-run
        const fs::path out = m_tmp.filePath("killed").toStdString();
        const QStringList args = experimentArgs(QString::fromStdString(out.string()), rounds);
        QProcess runner;
        runner.setChildProcessModifier([] { ::setpgid(0, 0); });  // its own group, killed as one
        runner.start(QStringLiteral(LADA_CLI_PATH), args);
        QVERIFY(runner.waitForStarted());
        // Until a run is mid-way (some rounds in its result.json, not all), or one finished while another runs.
        bool midway = false;
        QElapsedTimer clock;
        clock.start();
        while (!midway && clock.elapsed() < 60000 && runner.state() == QProcess::Running) {
            int finished = 0, partial = 0, started = 0;
            for (const fs::path& dir : runFolders(out)) {
                const std::vector<int> r = resultRounds(dir / "result.json");
                started += fs::exists(dir / "session");
                finished += !r.empty() && r.back() == rounds;
                partial += !r.empty() && r.back() >= 1 && r.back() < rounds;
            }
            midway = partial > 0 || (finished > 0 && started > finished);
            if (!midway)
                QThread::msleep(10);
        }
        QVERIFY2(midway, "no run was caught mid-way");
        QCOMPARE(::kill(-static_cast<pid_t>(runner.processId()), SIGKILL), 0);
        QVERIFY(runner.waitForFinished(10000));
        QThread::msleep(200);  // the runs die with the group

        std::map<fs::path, Finished> finished;
        for (const fs::path& dir : runFolders(out)) {
            const std::vector<int> r = resultRounds(dir / "result.json");
            if (!r.empty() && r.back() == rounds)
                finished[dir] = {readText(dir / "result.json"), fs::last_write_time(dir / "result.json")};
        }
        QVERIFY(finished.size() < 4);

        QString stdOut, stdErr;
        QCOMPARE(runCli(args, &stdOut, &stdErr), 0);
        QVERIFY2(stdErr.contains(QString("4 runs (%1 finished").arg(finished.size())), qPrintable(stdErr));
        QVERIFY2(stdErr.contains("resume at round"), qPrintable(stdErr));
        for (const auto& [dir, f] : finished) {  // untouched: bytes and modification time
            QCOMPARE(readText(dir / "result.json"), f.bytes);
            QVERIFY(fs::last_write_time(dir / "result.json") == f.mtime);
        }
        verifyComplete(out, rounds);
    }

    void sigintStopsTheRunsAndSaysHowToResume()
    {
        const fs::path out = m_tmp.filePath("interrupted").toStdString();
        QProcess runner;
        runner.start(QStringLiteral(LADA_CLI_PATH), experimentArgs(QString::fromStdString(out.string()), 4));
        QVERIFY(runner.waitForStarted());
        QString err;
        QElapsedTimer clock;
        clock.start();
        while (!err.contains("start mnist/entropy/seed-1") && clock.elapsed() < 60000 &&
               runner.state() == QProcess::Running) {
            runner.waitForReadyRead(100);
            err += QString::fromUtf8(runner.readAllStandardError());
        }
        QVERIFY2(err.contains("start mnist/entropy/seed-1"), qPrintable(err));
        QCOMPARE(::kill(static_cast<pid_t>(runner.processId()), SIGINT), 0);  // the runner alone, as `kill -INT`
        QVERIFY(runner.waitForFinished(30000));
        err += QString::fromUtf8(runner.readAllStandardError());
        QCOMPARE(runner.exitStatus(), QProcess::NormalExit);
        QCOMPARE(runner.exitCode(), 130);
        QVERIFY2(err.contains(QRegularExpression("interrupted: \\d of 4 runs finished, \\d remain; rerun the same "
                                                 "command to resume")),
                 qPrintable(err));
        // Its runs got SIGTERM and were waited for: none is left.
        const QRegularExpression pids("pid (\\d+)\\)");
        int seen = 0;
        for (auto m = pids.globalMatch(err); m.hasNext(); ++seen) {
            const pid_t pid = m.next().captured(1).toInt();
            QVERIFY2(::kill(pid, 0) != 0, qPrintable(QString("run process %1 still exists").arg(pid)));
        }
        QVERIFY(seen >= 1);
    }

    void runStatesAreReadFromTheFolder()
    {
        ExperimentGrid grid;
        grid.datasets.push_back({"mnist", (kSample + "/train").toStdString(), "", {}});
        grid.strategies.push_back({"entropy", "entropy", {}});
        grid.seeds = {7};
        grid.settings = {{"rounds", "3"}};
        const ExperimentRun run = gridRuns(grid).at(0);
        const fs::path out = m_tmp.filePath("states").toStdString();
        const fs::path dir = out / run.folder;
        const RunSetup setup{out.string(), (out / "cache").string(), 2};
        QCOMPARE(inspectRun(out.string(), run).state, RunState::New);

        // A session with rounds 0 and 1 recorded and a torn third record: resumed at round 2, for 2 more rounds.
        writeText(dir / "session" / "session.json", R"({"format": "lada-session", "version": 2})");
        writeText(dir / "session" / "history.jsonl", "{\"round\": 0}\n{\"round\": 1}\n{\"round\": 2, \"test_acc");
        writeText(dir / "result.json", R"({"rounds": [{"round": 0}]})");  // lags behind: not what counts
        RunStatus s = inspectRun(out.string(), run);
        QCOMPARE(s.state, RunState::Resume);
        QCOMPARE(s.completedRounds, 1);
        QCOMPARE(describeStatus(s), std::string("resume at round 2"));
        const std::vector<std::string> args = runArguments(run, s, setup);
        QCOMPARE(args, (std::vector<std::string>{"run", "--session", (dir / "session").string(), "--rounds", "2",
                                                 "--threads", "2", "--cache-dir", (out / "cache").string(), "--out",
                                                 (dir / "result.json").string(), "--quiet"}));

        // Every round in the history but result.json a round behind: --rounds 0 writes it from the history.
        writeText(dir / "session" / "history.jsonl",
                  "{\"round\": 0}\n{\"round\": 1}\n{\"round\": 2}\n{\"round\": 3}\n");
        s = inspectRun(out.string(), run);
        QCOMPARE(s.state, RunState::Resume);
        QCOMPARE(resumeArguments(run, s, setup)[4], std::string("0"));

        writeText(dir / "result.json", R"({"rounds": [{"round": 0}, {"round": 1}, {"round": 2}, {"round": 3}]})");
        QCOMPARE(inspectRun(out.string(), run).state, RunState::Finished);

        // command.json of other settings: refused, naming the run.
        prepareRunFolder(run, s, setup);
        ExperimentRun other = run;
        other.settings.emplace("epochs", "7");
        try {
            inspectRun(out.string(), other);
            QFAIL("a run of other settings was accepted");
        } catch (const ConfigError& e) {
            QVERIFY2(QString(e.what()).contains("run mnist/entropy/seed-7") && QString(e.what()).contains("epochs"),
                     e.what());
        }
        // The same configuration spelled otherwise (a default given explicitly, or a default changed since the
        // run): what the run recorded in result.json decides, so it stays finished; another value is refused.
        {
            ExperimentConfig recorded;
            applySettings(recorded, run.settings);
            writeText(dir / "result.json", "{\"config\": " + configToJson(recorded) + ", \"data\": {\"train\": \"" +
                                               run.train + "\", \"test\": \"\"}, \"rounds\": [{\"round\": 0}, " +
                                               "{\"round\": 1}, {\"round\": 2}, {\"round\": 3}]}");
            ExperimentRun spelled = run;
            spelled.settings.emplace("epochs", std::to_string(ExperimentConfig{}.training.epochs));
            QCOMPARE(inspectRun(out.string(), spelled).state, RunState::Finished);
            ExperimentRun changed = run;
            changed.settings.emplace("epochs", "7");
            QVERIFY_THROWS_EXCEPTION(ConfigError, inspectRun(out.string(), changed));
        }
        // More rounds done than asked: refused too.
        other = run;
        other.rounds = 2;
        QVERIFY_THROWS_EXCEPTION(ConfigError, inspectRun(out.string(), other));

        // An unreadable session and no results: started over, the folder wiped.
        writeText(dir / "session" / "session.json", "{not json");
        fs::remove(dir / "result.json");
        s = inspectRun(out.string(), run);
        QCOMPARE(s.state, RunState::New);
        prepareRunFolder(run, s, setup);
        QVERIFY(!fs::exists(dir / "session") && fs::exists(dir / "command.json"));
    }
};

LADA_TEST_GUILESS_MAIN(TestExperimentRunner)
}  // namespace tst_experiment_runner
#include "tst_experiment_runner.moc"
