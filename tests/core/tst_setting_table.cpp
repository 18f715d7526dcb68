// SPDX-License-Identifier: MIT
// The one table of settings: every key round-trips through text and JSON, unknown keys and bad values
// are refused with the key named, unset states are values, and version-1 session files migrate.
#include "core/config/presets.h"
#include "core/config/setting_table.h"
#include "core/error.h"
#include "core/session/session.h"
#include "core/session/session_info.h"
#include "tests/test_main.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <set>

namespace tst_setting_table {

using namespace lada;

namespace {

std::string fixture(const char* name)
{
    QFile f(QStringLiteral(LADA_TEST_FIXTURE_DIR "/session/") + QLatin1String(name) + QStringLiteral("/session.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    return f.readAll().toStdString();
}

/** A configuration with every setting away from its default. */
ExperimentConfig everythingChanged()
{
    ExperimentConfig c;
    applySettings(c, {{"strategy", "lada-varmix-fixed"},
                      {"model", "resnet18"},
                      {"rounds", "7"},
                      {"budget", "3"},
                      {"initial", "12"},
                      {"pool-subset", "700"},
                      {"seed", "42"},
                      {"device", "cpu"},
                      {"threads", "3"},
                      {"epochs", "9"},
                      {"batch-size", "16"},
                      {"lr", "0.0005"},
                      {"continue-training", "true"},
                      {"dropout", "0.25"},
                      {"augment", "off"},
                      {"image-size", "48"},
                      {"backbone", "/models/resnet18.pt"},
                      {"backbone-input-size", "160"},
                      {"backbone-mean", "0.5,0.5,0.5"},
                      {"backbone-std", "0.25,0.25,0.25"},
                      {"letterbox", "true"},
                      {"head-hidden", "64"},
                      {"gamma", "0.5"},
                      {"lambda-samples", "4"},
                      {"policy-epochs", "2"},
                      {"policy-batch", "50"},
                      {"policy-lr", "1e-4"},
                      {"policy-objective", "exact"},
                      {"curve-points", "7"},
                      {"tau-max", "2.5"},
                      {"tau", "0.3"},
                      {"mix-layers", "0:1"},
                      {"warm-start-policy", "true"},
                      {"pass-batch", "64"},
                      {"mc-passes", "5"},
                      {"mc-dropout", "0.3"},
                      {"tsne-points", "0"},
                      {"tsne-iterations", "150"}});
    return c;
}

}  // namespace

class TestSettingTable : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyKeyIsDeclaredOnceAndChanged()
    {
        std::set<std::string> keys;
        for (const SettingSpec& s : settingTable()) {
            QVERIFY2(keys.insert(s.key).second, s.key.c_str());
            QVERIFY2(!s.help.empty() && !s.label.empty() && s.get && s.set, s.key.c_str());
        }
        // The fixture above changes every one of them: a new setting must be added to it too.
        const auto defaults = configToMap(ExperimentConfig{});
        const auto changed = configToMap(everythingChanged());
        for (const auto& [key, value] : defaults)
            QVERIFY2(changed.at(key) != value, key.c_str());
    }

    void textAndJsonRoundTripEverySetting()
    {
        const ExperimentConfig c = everythingChanged();
        ExperimentConfig back;
        applySettings(back, configToMap(c));
        QCOMPARE(configToMap(back), configToMap(c));
        const ExperimentConfig fromJson = configFromJson(configToJson(c), "test");
        QCOMPARE(configToMap(fromJson), configToMap(c));
        QVERIFY(fromJson.strategy.kind == StrategyKind::LadaVarMixFixed);
        QCOMPARE(fromJson.strategy.mixLayerMin, 0);
        QCOMPARE(fromJson.strategy.mixLayerMax, 1);
        QCOMPARE(*fromJson.strategy.fixedTau, 0.3);
        QCOMPARE(fromJson.training.learningRate, 0.0005);
    }

    void unsetStatesAreValuesNotSentinels()
    {
        ExperimentConfig c;
        applySettings(c, {{"threads", "all"}, {"seed", "random"}, {"tau", "auto"}});
        QVERIFY(!c.threads && !c.seed && !c.strategy.fixedTau);
        const std::string json = configToJson(c);
        QVERIFY(json.find("\"threads\":null") != std::string::npos);
        QVERIFY(json.find("\"seed\":null") != std::string::npos);
        QVERIFY(json.find("\"tau\":null") != std::string::npos);
        QCOMPARE(c.strategy.fixedTauFor(0), 0.2);
        QCOMPARE(c.strategy.fixedTauFor(1), 2.0);
        resolveSeed(c);
        QVERIFY(c.seed.has_value());
        QVERIFY(*c.seed < (uint64_t{1} << 53));
        // The old sentinels are not values any more.
        QVERIFY_THROWS_EXCEPTION(ConfigError, applySetting(c, "threads=0"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, applySetting(c, "tau=-1"));
    }

    void badInputIsRefusedWithTheKeyNamed_data()
    {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("mustMention");
        QTest::newRow("unknown key") << "bogus=1"
                                     << "unknown setting \"bogus\"; the settings are: strategy";
        QTest::newRow("misspelt strategy") << "strategy=lada-entmx"
                                           << "lada-entmix";
        QTest::newRow("not a number") << "budget=ten"
                                      << "setting \"budget\": \"ten\" is not a whole number";
        QTest::newRow("out of range") << "dropout=2"
                                      << "setting \"dropout\"";
        QTest::newRow("trailing junk") << "gamma=0.5x"
                                       << "setting \"gamma\"";
        QTest::newRow("bad flag") << "warm-start-policy=maybe"
                                  << "true or false";
        QTest::newRow("bad layers") << "mix-layers=2:1"
                                    << "kmin:kmax";
        QTest::newRow("no equals") << "budget"
                                   << "KEY=VALUE";
    }
    void badInputIsRefusedWithTheKeyNamed()
    {
        QFETCH(QString, assignment);
        QFETCH(QString, mustMention);
        ExperimentConfig c;
        const auto before = configToMap(c);
        try {
            applySetting(c, assignment.toStdString());
            QFAIL("accepted");
        } catch (const ConfigError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(mustMention), e.what());
        }
        QCOMPARE(configToMap(c), before);
    }

    void jsonRefusesUnknownKeysAndWrongTypes()
    {
        QVERIFY_THROWS_EXCEPTION(ConfigError, configFromJson(R"({"pool_subset": 5})", "f.json"));
        try {
            configFromJson(R"({"budget": "x"})", "f.json");
            QFAIL("accepted");
        } catch (const ConfigError& e) {
            QVERIFY(QString::fromStdString(e.what()).startsWith("f.json: setting \"budget\""));
        }
        QVERIFY_THROWS_EXCEPTION(ConfigError, configFromJson(R"({"budget": null})", "f.json"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, configFromJson("[1]", "f.json"));
    }

    void presetsGoThroughTheTable()
    {
        for (const std::string& name : presetList())
            for (const auto& [key, value] : presetSettings(name))
                QVERIFY2(findSetting(key) != nullptr, key.c_str());
        ExperimentConfig c;
        applyPreset(c, "cpu-fast");
        QVERIFY(c.strategy.policyObjective == PolicyObjective::Curve);
        QCOMPARE(c.poolSubset, int64_t{1000});
        // curve is the default (docs/experiments, step 3); the paper's exact objective is behind its preset.
        ExperimentConfig paper;
        QVERIFY(paper.strategy.policyObjective == PolicyObjective::Curve);
        applyPreset(paper, "paper");
        QVERIFY(paper.strategy.policyObjective == PolicyObjective::Exact);
    }

    void versionOneWorkbenchSessionMigrates()
    {
        const SessionInfo info = sessionInfoFromJson(fixture("v1_workbench"), "session.json");
        const ExperimentConfig& c = info.config;
        QVERIFY(c.strategy.kind == StrategyKind::LadaVarMix);
        QCOMPARE(c.budget, int64_t{6});
        QCOMPARE(c.initial, int64_t{30});
        QCOMPARE(c.training.epochs, 12);
        QCOMPARE(c.strategy.gamma, 0.5);
        QCOMPARE(c.strategy.lambdaSamples, 4);
        QCOMPARE(c.strategy.policyEpochs, 3);
        QVERIFY(c.strategy.policyObjective == PolicyObjective::Curve);
        QCOMPARE(c.poolSubset, int64_t{700});
        QCOMPARE(c.seed, std::optional<uint64_t>(11));
        QVERIFY(!c.threads);            // "0" was all cores
        QVERIFY(!c.strategy.fixedTau);  // "-1" was the paper's default
        QCOMPARE(c.embedding.poolPoints, 0);
        QCOMPARE(c.embedding.iterations, 250);
        QVERIFY(!info.imagesUnlabeled);
        // Written back as version 2, it reads the same.
        const SessionInfo again = sessionInfoFromJson(sessionInfoToJson(info), "session.json");
        QCOMPARE(configToMap(again.config), configToMap(c));
    }

    void versionOneCliSessionMigrates()
    {
        const SessionInfo info = sessionInfoFromJson(fixture("v1_cli"), "session.json");
        const ExperimentConfig& c = info.config;
        QVERIFY(c.strategy.kind == StrategyKind::LadaEntMix);
        QCOMPARE(c.poolSubset, int64_t{700});
        QCOMPARE(c.strategy.gamma, 0.5);
        QCOMPARE(c.strategy.lambdaSamples, 4);
        QVERIFY(c.strategy.policyObjective == PolicyObjective::Curve);
        QCOMPARE(c.strategy.curvePoints, 7);
        QCOMPARE(c.strategy.tauMax, 1.5);
        QVERIFY(c.strategy.warmStartPolicy);
        QCOMPARE(c.training.batchSize, 32);
        QCOMPARE(c.training.epochs, 30);
        QCOMPARE(c.training.learningRate, 0.002);
        QCOMPARE(c.dropout, 0.25);
        QVERIFY(c.augment == AugmentMode::Off);
        QVERIFY(c.continueTraining);  // "reinitialize": false
        QCOMPARE(c.threads, std::optional<int>(2));
        QCOMPARE(c.rounds, 3);
        QCOMPARE(c.seed, std::optional<uint64_t>(5));
    }

    void versionOneSessionFolderOpens()
    {
        // The whole folder, not just the text: Session::open migrates on read and keeps the journal.
        for (const char* name : {"v1_workbench", "v1_cli"}) {
            QTemporaryDir dir;
            QFile f(dir.filePath("session.json"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::fromStdString(fixture(name)));
            f.close();
            const Session s = Session::open(dir.path().toStdString(), Session::Mode::ReadOnly);
            QCOMPARE(s.info().config.poolSubset, int64_t{700});
        }
    }
};

LADA_TEST_GUILESS_MAIN(TestSettingTable)
}  // namespace tst_setting_table
#include "tst_setting_table.moc"
