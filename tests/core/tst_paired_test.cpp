// SPDX-License-Identifier: MIT
// The paired tests of the experiment summary (issue 13) against scipy 1.10.1's stats.ttest_rel and
// stats.wilcoxon on the same numbers: an exact Wilcoxon case with a tied rank (five seeds), a case with a
// zero difference (normal approximation, zero dropped), and thirty seeds.
#include "core/error.h"
#include "core/experiment/paired_test.h"
#include "tests/test_main.h"

#include <QtTest/QtTest>

#include <cmath>

namespace tst_paired_test {

class TestPairedTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesScipy_data()
    {
        QTest::addColumn<std::vector<double>>("strategy");
        QTest::addColumn<std::vector<double>>("baseline");
        QTest::addColumn<double>("w");
        QTest::addColumn<double>("wilcoxonP");
        QTest::addColumn<bool>("exact");
        QTest::addColumn<double>("t");
        QTest::addColumn<double>("tP");
        QTest::addColumn<int>("nonZero");
        // The AUCs of a 20-round table (lada-entmix against entropy, five seeds); |1.1| appears twice.
        QTest::newRow("five seeds") << std::vector<double>{84.66, 86.10, 83.20, 85.90, 84.10}
                                    << std::vector<double>{84.20, 85.00, 83.90, 84.10, 83.00} << 2.0 << 0.1875 << true
                                    << 1.78893536778 << 0.14813417588 << 5;
        QTest::newRow("a zero difference") << std::vector<double>{0.61, 0.64, 0.66, 0.70, 0.58, 0.63, 0.69, 0.65}
                                           << std::vector<double>{0.60, 0.64, 0.62, 0.66, 0.60, 0.61, 0.64, 0.63} << 3.0
                                           << 0.0611009304396 << false << 2.42790791467 << 0.0455602190819 << 7;
        std::vector<double> a, b;
        for (int i = 0; i < 30; ++i) {
            const double line = 0.5 + 0.3 * i / 29.0;
            a.push_back(std::round((line + 0.01 * std::sin(double(i))) * 1e4) / 1e4);
            b.push_back(std::round(line * 1e4) / 1e4);
        }
        QTest::newRow("thirty seeds") << a << b << 201.5 << 0.729326345962 << false << 0.33014655257 << 0.743662423858
                                      << 29;
    }

    void matchesScipy()
    {
        QFETCH(std::vector<double>, strategy);
        QFETCH(std::vector<double>, baseline);
        QFETCH(double, w);
        QFETCH(double, wilcoxonP);
        QFETCH(bool, exact);
        QFETCH(double, t);
        QFETCH(double, tP);
        QFETCH(int, nonZero);
        const lada::PairedTest r = lada::pairedTest(strategy, baseline);
        QCOMPARE(r.pairs, static_cast<int>(strategy.size()));
        QCOMPARE(r.nonZero, nonZero);
        QCOMPARE(r.wilcoxonExact, exact);
        QCOMPARE(r.wilcoxonW, w);
        QVERIFY2(std::fabs(r.wilcoxonPValue - wilcoxonP) < 1e-9,
                 qPrintable(QString::number(r.wilcoxonPValue, 'g', 12)));
        QVERIFY2(std::fabs(r.t - t) < 1e-8, qPrintable(QString::number(r.t, 'g', 12)));
        QVERIFY2(std::fabs(r.tPValue - tP) < 1e-9, qPrintable(QString::number(r.tPValue, 'g', 12)));
    }

    void fiveSeedsNeverReachFivePercent()
    {
        // Every seed better: the smallest two-sided exact p of five pairs, 2 / 2^5.
        const lada::PairedTest r = lada::pairedTest({0.9, 0.9, 0.9, 0.9, 0.9}, {0.1, 0.2, 0.3, 0.4, 0.5});
        QCOMPARE(r.wilcoxonW, 0.0);
        QCOMPARE(r.wilcoxonPValue, 0.0625);
        QVERIFY(r.tPValue < 0.01);  // t = 8.49 on 4 degrees of freedom: p = 0.0011
    }

    void identicalRunsShowNoDifference()
    {
        const lada::PairedTest r = lada::pairedTest({0.7, 0.8, 0.75}, {0.7, 0.8, 0.75});
        QCOMPARE(r.meanDifference, 0.0);
        QCOMPARE(r.tPValue, 1.0);
        QCOMPARE(r.wilcoxonPValue, 1.0);
        QVERIFY(std::isnan(r.t));
    }

    void unpairedInputIsRefused()
    {
        QVERIFY_THROWS_EXCEPTION(lada::ConfigError, lada::pairedTest({0.1, 0.2}, {0.1}));
        QVERIFY_THROWS_EXCEPTION(lada::ConfigError, lada::pairedTest({0.1}, {0.2}));
    }
};

LADA_TEST_GUILESS_MAIN(TestPairedTest)
}  // namespace tst_paired_test
#include "tst_paired_test.moc"
