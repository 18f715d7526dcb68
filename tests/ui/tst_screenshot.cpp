// SPDX-License-Identifier: MIT
// A scripted run of the real program under Xvfb on the MNIST archive: open the training and test folders,
// let the simulated oracle answer, save a screenshot of the whole window after round 2 and quit.
#include "tests/test_main.h"
#include "ui_test_support.h"

#include <QImage>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace tst_screenshot {

class TestScreenshot : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scriptedRunWritesAScreenshotOfTheWholeWindow()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString shot = dir.filePath(QStringLiteral("out.png"));
        QStringList args{QStringLiteral("--train"), lada::uitest::mnistSplit("train"), QStringLiteral("--test"),
                         lada::uitest::mnistSplit("test"), QStringLiteral("--strategy"), QStringLiteral("lada-entmix"),
                         QStringLiteral("--simulate-oracle"), QStringLiteral("--quit-after-rounds"),
                         QStringLiteral("2"), QStringLiteral("--screenshot"), shot,
                         // Small settings for a 2-core machine; the command line does not change the saved ones.
                         QStringLiteral("--set"), QStringLiteral("epochs=10"), QStringLiteral("--set"),
                         QStringLiteral("pool-subset=300"), QStringLiteral("--set"), QStringLiteral("policy-epochs=2"),
                         QStringLiteral("--set"), QStringLiteral("lambda-samples=4"), QStringLiteral("--set"),
                         QStringLiteral("tsne-points=300"), QStringLiteral("--set"),
                         QStringLiteral("tsne-iterations=250"), QStringLiteral("--set"), QStringLiteral("device=cpu")};
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // The decoded MNIST cache lives next to the test data, so reruns read it in a second; settings go
        // to a throw-away folder.
        env.insert(QStringLiteral("XDG_CACHE_HOME"), QStringLiteral(LADA_TEST_DATA_DIR "/workbench-cache"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));  // the run's session folder
        QString program = QStringLiteral(LADA_WORKBENCH_PATH);
        const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
        if (!xvfb.isEmpty()) {
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
            args.prepend(program);
            args.prepend(QStringLiteral("-screen 0 1920x1200x24"));
            args.prepend(QStringLiteral("-s"));
            args.prepend(QStringLiteral("-a"));
            program = xvfb;
        } else {
            qWarning("xvfb-run not found: rendering offscreen instead");
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        }
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::ForwardedChannels);
        process.start(program, args);
        QVERIFY(process.waitForStarted());
        QVERIFY2(process.waitForFinished(600000), "the scripted run did not finish in 10 minutes");
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);

        const QImage image(shot);
        QVERIFY2(!image.isNull(), qPrintable(shot));
        QVERIFY(image.width() >= 1200 && image.height() >= 800);
        // Not blank: many distinct colours (images, plots, text), and neither half of the window is uniform.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3)
                colours.insert(image.pixel(x, y));
        qInfo("screenshot %dx%d, %lld distinct colours (sampled)", image.width(), image.height(),
              static_cast<long long>(colours.size()));
        QVERIFY(colours.size() > 200);
        for (const QRect& half : {QRect(0, 0, image.width() / 2, image.height()),
                                  QRect(image.width() / 2, 0, image.width() / 2, image.height())}) {
            const QImage part = image.copy(half);
            QSet<QRgb> partColours;
            for (int y = 0; y < part.height(); y += 4)
                for (int x = 0; x < part.width(); x += 4)
                    partColours.insert(part.pixel(x, y));
            QVERIFY(partColours.size() > 20);
        }
    }
};

LADA_TEST_GUILESS_MAIN(TestScreenshot)
}  // namespace tst_screenshot
#include "tst_screenshot.moc"
