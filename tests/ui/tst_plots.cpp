// SPDX-License-Identifier: MIT
// The desktop polish of the plots, the cards and the status bar, checked through the widgets' API (axes,
// tickers, legends, items; focus; texts), not pixels: no placeholder "text", legends only with data and off
// the data, whole-number ticks for counts, one legend name for a run before and after a restore, keyboard
// navigation across the cards, a true idle text, tooltips. With LADA_SCREENSHOT_DIR set it also saves
// screenshots of the plot panel and the cards view there for a person to look at.
#include "tests/test_main.h"
#include "ui/plots/accuracy_plot.h"
#include "ui/plots/plot_panel.h"
#include "ui/plots/tau_plot.h"
#include "ui/plots/tsne_plot.h"
#include "ui/plots/virtual_entropy_histogram.h"
#include "ui/plots/virtual_entropy_plot.h"
#include "ui/widgets/cards_view.h"
#include "ui/widgets/label_panel.h"
#include "ui/widgets/query_card.h"
#include "ui/widgets/status_panel.h"

#include <QDir>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSlider>
#include <QVBoxLayout>
#include <QtTest/QtTest>

#include <cmath>

namespace tst_plots {

using namespace lada;
using namespace lada::ui;

namespace {

QueryImage digitImage(qint64 row)
{
    QueryImage image;
    image.row = row;
    image.path = "digits/" + std::to_string(row) + ".png";
    image.channels = 1;
    image.height = image.width = 28;
    image.pixels.resize(28 * 28);
    for (size_t i = 0; i < image.pixels.size(); ++i)
        image.pixels[i] = static_cast<uint8_t>(((i % 28) * 9 + (i / 28) * 5 + static_cast<size_t>(row) * 31) % 256);
    image.topClasses = {static_cast<int>(row % 10), static_cast<int>((row + 1) % 10)};
    image.topProbabilities = {0.7f, 0.2f};
    image.entropy = 1.2;
    return image;
}

/** A round of `cards` cards: single images, or pairs (two images each, rows 2i and 2i + 1). */
RoundProposal proposal(int round, int cards, bool pairs)
{
    RoundProposal p;
    p.round = round;
    p.pairs = pairs;
    p.strategy = pairs ? "lada-entmix" : "entropy";
    p.mixLayer = pairs ? 1 : -1;
    for (int i = 0; i < cards; ++i) {
        QueryView q;
        if (pairs) {
            q.images = {digitImage(2 * i), digitImage(2 * i + 1)};
            q.tau = 0.3 + 0.1 * i;
            q.lambdas = {0.2f, 0.5f, 0.8f};
            q.virtualEntropy = 1.5;
            q.score = 2.0;
        } else {
            q.images = {digitImage(i)};
            q.score = 1.0;
        }
        p.queries.push_back(q);
    }
    if (pairs) {
        for (int i = 0; i < 40; ++i) {
            p.tauAll.push_back(0.2f + 0.02f * static_cast<float>(i) + 0.05f * static_cast<float>(round));
            p.virtualScoreAll.push_back(0.5f + 0.04f * static_cast<float>(i));
        }
        p.meanVirtualScore = 1.1 + 0.1 * round;
    }
    return p;
}

RoundMetrics metrics(int round, qint64 labeled, double accuracy)
{
    RoundMetrics m;
    m.report.round = round;
    m.labeled = labeled;
    m.accuracy = accuracy;
    m.accuracySource = AccuracySource::TestSplit;
    return m;
}

EmbeddingView embedding()
{
    EmbeddingView v;
    v.round = 2;
    v.seconds = 1.5;
    // A pool cloud over the whole map, three labeled classes, two queried points joined as a pair.
    for (int i = 0; i < 200; ++i) {
        const double a = i * 0.7, r = 2.0 + (i % 17) * 0.5;
        v.x.push_back(static_cast<float>(r * std::cos(a)));
        v.y.push_back(static_cast<float>(r * std::sin(a)));
        v.label.push_back(-1);
        v.role.push_back(0);
    }
    for (int i = 0; i < 30; ++i) {
        v.x.push_back(static_cast<float>((i % 3) * 4 - 4 + 0.1 * i));
        v.y.push_back(static_cast<float>((i % 3) * 3 - 3));
        v.label.push_back(i % 3);
        v.role.push_back(1);
    }
    for (int i = 0; i < 2; ++i) {
        v.x.push_back(i == 0 ? -9.5f : 9.5f);  // at the map's left and right edges, where a legend would sit
        v.y.push_back(i == 0 ? 9.5f : -9.5f);
        v.label.push_back(-1);
        v.role.push_back(2);
    }
    v.pairs.push_back({230, 231, {0.3f, 0.6f}});
    return v;
}

/** The panel of a session after three rounds of a pair strategy, shown and laid out. */
void feed(PlotPanel& panel)
{
    panel.setClassNames({QStringLiteral("zero"), QStringLiteral("one"), QStringLiteral("two")});
    panel.startRun();
    panel.nameRun(QStringLiteral("lada-entmix"), QStringLiteral("/tmp/sessions/s1"));
    panel.addProposal(proposal(0, 4, false));
    panel.addMetrics(metrics(0, 20, 0.40));
    for (int r = 1; r <= 3; ++r) {
        panel.addProposal(proposal(r, 3, true));
        panel.addMetrics(metrics(r, 20 + 5 * r, 0.40 + 0.1 * r));
    }
    panel.showEmbedding(embedding());
}

std::vector<PlotBase*> plotsOf(const PlotPanel& panel)
{
    return {panel.accuracy(), panel.tau(), panel.virtualEntropy(), panel.histogram(), panel.tsne()};
}

/** Every text a plot shows: its items' and its layout's text elements. */
QStringList textsOf(PlotBase* plot)
{
    QStringList texts;
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* t = qobject_cast<QCPItemText*>(plot->item(i)); t && t->visible())
            texts << t->text();
    for (QCPLayoutElement* e : plot->plotLayout()->elements(true))
        if (auto* t = qobject_cast<QCPTextElement*>(e); t && t->visible())
            texts << t->text();
    return texts;
}

/** Checks that no data point of `plot` is drawn under its legend; returns the points checked. */
int pointsUnderLegend(PlotBase* plot, int* checked)
{
    const QRect legend = plot->legend->outerRect();
    int under = 0;
    *checked = 0;
    for (int g = 0; g < plot->graphCount(); ++g) {
        QCPGraph* graph = plot->graph(g);
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
            const QPointF p(graph->keyAxis()->coordToPixel(it->key), graph->valueAxis()->coordToPixel(it->value));
            ++*checked;
            if (legend.contains(p.toPoint()))
                ++under;
        }
    }
    return under;
}

void saveScreenshot(QWidget& widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("LADA_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QVERIFY(widget.grab().save(QDir(dir).filePath(name)));
}

/** A parent that records the keys its child did not take. */
class KeyRecorder : public QWidget {
public:
    QList<int> keys;

protected:
    void keyPressEvent(QKeyEvent* event) override
    {
        if (event->key() != Qt::Key_Shift)  // QTest presses Shift itself for Shift+Tab
            keys << event->key();
    }
};

}  // namespace

class TestPlots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void anEmptyPlotShowsNoPlaceholderText()
    {
        PlotPanel panel;
        panel.resize(900, 800);
        panel.startRun();
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        for (PlotBase* plot : plotsOf(panel)) {
            plot->replot();
            const QStringList texts = textsOf(plot);
            QVERIFY2(!texts.contains(QStringLiteral("text")), qPrintable(plot->title()));
        }
        // Once a round says where the accuracy comes from, it says that (and still no placeholder).
        panel.addMetrics(metrics(0, 20, 0.5));
        QVERIFY(panel.accuracy()->source().contains(QStringLiteral("test split")));
        QVERIFY(!textsOf(panel.accuracy()).contains(QStringLiteral("text")));
    }

    void anEmptyPlotHasNoLegendAndAPlotWithDataShowsOneOffItsData()
    {
        PlotPanel panel;
        panel.resize(1000, 900);
        panel.startRun();
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        for (PlotBase* plot : plotsOf(panel)) {
            plot->replot();
            QVERIFY2(!plot->legend->visible(), qPrintable(plot->title()));
            // Not in the layout either, so it takes no room.
            QVERIFY2(!plot->plotLayout()->elements(true).contains(plot->legend), qPrintable(plot->title()));
        }
        feed(panel);
        for (PlotBase* plot : {static_cast<PlotBase*>(panel.accuracy()), static_cast<PlotBase*>(panel.tau()),
                               static_cast<PlotBase*>(panel.tsne())}) {
            plot->replot();
            QVERIFY2(plot->legend->visible(), qPrintable(plot->title()));
            QVERIFY(plot->legend->itemCount() > 0);
            const QRect legend = plot->legend->outerRect();
            QVERIFY(legend.isValid());
            // Outside the axis rect, where the data is drawn, and not under any point.
            QVERIFY2(!legend.intersects(plot->axisRect()->rect()), qPrintable(plot->title()));
            int checked = 0;
            QCOMPARE(pointsUnderLegend(plot, &checked), 0);
            QVERIFY(checked > 0);
        }
        // No entry under QCustomPlot's default name ("Graph 1"); a one-curve plot named by its title has none.
        for (PlotBase* plot : plotsOf(panel))
            for (int i = 0; i < plot->legend->itemCount(); ++i) {
                auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(i));
                QVERIFY(item);
                QVERIFY2(!item->plottable()->name().startsWith(QStringLiteral("Graph")), qPrintable(plot->title()));
            }
        QVERIFY(panel.virtualEntropy()->dataCount() > 0);
        QVERIFY(!panel.virtualEntropy()->legend->visible());
        QCOMPARE(panel.tau()->legend->itemCount(), 3);  // band, median, selected pairs
        // Entries keep together: the legend is only as tall (t-SNE: at the right) or as wide (below) as they need.
        QVERIFY(panel.tsne()->legend->outerRect().height() < panel.tsne()->axisRect()->outerRect().height() / 2 + 40);
        QVERIFY(panel.tau()->legend->outerRect().width() < panel.tau()->width() - 40);
        // Only what has data is listed: the t-SNE legend lists pool, three classes, queried, virtual instances.
        QCOMPARE(panel.tsne()->legend->itemCount(), 6);
        // A plot that clears its data hides its legend again.
        panel.startRun();
        panel.tau()->replot();
        QVERIFY(!panel.tau()->legend->visible());
    }

    void accuracyTicksAreWholeNumbers()
    {
        AccuracyPlot plot;
        plot.resize(420, 300);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.startRun();
        for (qint64 labeled : {20, 25, 30})
            plot.addRound(labeled, 0.5 + labeled / 100.0);
        plot.replot();
        const QVector<double> ticks = plot.xAxis->tickVector();
        QVERIFY(ticks.size() >= 2);
        for (double t : ticks)
            QVERIFY2(t == std::round(t), qPrintable(QString::number(t)));
        for (const QString& label : plot.xAxis->tickVectorLabels())
            QVERIFY2(!label.contains(QLatin1Char('.')), qPrintable(label));
        // Also on a narrow range, where the default ticker steps by 0.5.
        plot.xAxis->setRange(19.5, 22.5);
        plot.replot();
        for (double t : plot.xAxis->tickVector())
            QVERIFY2(t == std::round(t), qPrintable(QString::number(t)));
    }

    void aLongTitleIsElidedToANarrowPlot()
    {
        VirtualEntropyHistogram plot;
        plot.resize(220, 200);
        plot.show();
        plot.showRound(12, std::vector<float>(480, 1.5F));
        QCoreApplication::processEvents();
        const QString whole = QStringLiteral("Virtual-instance entropy, round 12 (480 pairs)");
        QCOMPARE(plot.title(), whole);  // the whole title for tests, the save dialog and the report
        auto* title = qobject_cast<QCPTextElement*>(plot.plotLayout()->element(0, 0));
        QVERIFY(title);
        QVERIFY2(title->text().endsWith(QChar(0x2026)), qPrintable(title->text()));
        QVERIFY(QFontMetrics(title->font()).horizontalAdvance(title->text()) <= plot.width());
        plot.resize(900, 200);
        QCOMPARE(title->text(), whole);  // wide enough again: drawn whole
        QCOMPARE(plot.title(), whole);
    }

    void aRunHasOneLegendNameBeforeAndAfterARestore()
    {
        // A new session: the curve starts before the folder is known, and is named when the session opens.
        PlotPanel fresh;
        fresh.startRun();
        fresh.addMetrics(metrics(0, 20, 0.4));
        fresh.nameRun(QStringLiteral("lada-entmix"), QStringLiteral("/home/a/sessions/s1"));
        // The same session reopened: the rounds are restored, then the session (folder as typed) opens.
        PlotPanel reopened;
        reopened.startRun();
        reopened.addMetrics(metrics(0, 20, 0.4));
        reopened.nameRun(QStringLiteral("lada-entmix"), QStringLiteral("/home/a/sessions/s1/"));
        const QString name = fresh.accuracy()->runName();
        QCOMPARE(reopened.accuracy()->runName(), name);
        QVERIFY2(name.contains(QStringLiteral("lada-entmix")) && name.contains(QStringLiteral("s1")), qPrintable(name));
        QVERIFY(!name.contains(QLatin1Char('#')));
        // The legend shows that name.
        fresh.accuracy()->replot();
        auto* item = qobject_cast<QCPPlottableLegendItem*>(fresh.accuracy()->legend->item(0));
        QVERIFY(item);
        QCOMPARE(item->plottable()->name(), name);
        // A folder that already names the strategy is not repeated.
        QCOMPARE(PlotPanel::runName(QStringLiteral("lada-entmix"), QStringLiteral("/x/lada-entmix-20240501-1")),
                 QStringLiteral("lada-entmix-20240501-1"));
        QCOMPARE(PlotPanel::runName(QStringLiteral("entropy"), QString()), QStringLiteral("entropy"));
    }

    void arrowKeysAndTabMoveTheFocusedCard()
    {
        KeyRecorder window;
        auto* view = new CardsView(&window);
        auto* layout = new QVBoxLayout(&window);
        layout->addWidget(view);
        window.resize(760, 330);  // two rows of five cards do not fit: moving down has to scroll
        view->showProposal(proposal(1, 12, false));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        view->setFocus();
        QCOMPARE(view->focusedCard(), 0);
        QVERIFY(view->card(0)->isCardFocused());
        QTest::keyClick(view, Qt::Key_Right);
        QCOMPARE(view->focusedRow(), 1);
        QVERIFY(view->card(1)->isCardFocused());
        QVERIFY(!view->card(0)->isCardFocused());
        QTest::keyClick(view, Qt::Key_Down);  // five cards a row
        QCOMPARE(view->focusedCard(), 6);
        QTest::keyClick(view, Qt::Key_Down);
        QCOMPARE(view->focusedCard(), 11);  // the last row is shorter: its last card
        // Scrolled into view.
        QTRY_VERIFY(view->viewport()->rect().intersects(
            QRect(view->card(11)->mapTo(view->viewport(), QPoint(0, 0)), view->card(11)->size())));
        QVERIFY(view->verticalScrollBar()->value() > 0);
        QTest::keyClick(view, Qt::Key_Up);
        QCOMPARE(view->focusedCard(), 6);
        QTest::keyClick(view, Qt::Key_Tab);
        QCOMPARE(view->focusedCard(), 7);
        QTest::keyClick(view, Qt::Key_Tab, Qt::ShiftModifier);
        QCOMPARE(view->focusedCard(), 6);
        QTest::keyClick(view, Qt::Key_Backtab);
        QCOMPARE(view->focusedCard(), 5);
        QTest::keyClick(view, Qt::Key_Left);
        QCOMPARE(view->focusedRow(), 4);
        QVERIFY(window.keys.isEmpty());  // the cards took every navigation key
        // A digit is not the cards': it goes on to the window, which labels the focused image...
        QTest::keyClick(view, Qt::Key_3);
        QCOMPARE(window.keys, QList<int>{Qt::Key_3});
        // ...and labeling moves the focus on, as before.
        view->markPending(view->focusedRow(), 3);
        QCOMPARE(view->focusedRow(), 5);
        // Tab past the last card leaves the cards.
        view->focusRow(11);
        QVERIFY(!view->navigate(Qt::Key_Tab));
        QCOMPARE(view->focusedCard(), 11);
    }

    void arrowKeysMoveWithinAPairAndTabToTheNextPair()
    {
        CardsView view;
        view.resize(760, 600);
        view.showProposal(proposal(2, 3, true));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.focusedRow(), 0);
        QTest::keyClick(&view, Qt::Key_Right);
        QCOMPARE(view.focusedRow(), 1);
        QCOMPARE(view.focusedCard(), 0);
        QTest::keyClick(&view, Qt::Key_Down);  // one pair a row; the right image stays the right image
        QCOMPARE(view.focusedRow(), 3);
        QTest::keyClick(&view, Qt::Key_Tab);
        QCOMPARE(view.focusedRow(), 4);
        QCOMPARE(view.focusedCard(), 2);
    }

    void theStatusBarSaysWhatIsTrueWhenIdle()
    {
        StatusPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* bar = panel.findChild<QProgressBar*>();
        auto* cancel = panel.findChild<QPushButton*>();
        QVERIFY(bar && cancel);
        QCOMPARE(panel.phase(), QStringLiteral("Ready"));
        QVERIFY(!bar->isVisible());
        QVERIFY(!cancel->isVisible());
        panel.setBusy(true);
        panel.setProgress(QStringLiteral("training"), 3, 10);
        QCOMPARE(panel.phase(), QStringLiteral("training"));
        QVERIFY(bar->isVisible());
        QCOMPARE(bar->value(), 3);
        QCOMPARE(bar->maximum(), 10);
        QVERIFY(cancel->isVisible() && cancel->isEnabled());
        panel.setTurn(3, 10);
        QCOMPARE(panel.phase(), QStringLiteral("training"));  // busy: the phase stays
        panel.setBusy(false);
        QCOMPARE(panel.phase(), QStringLiteral("Your turn: 7 of 10 images to label"));
        QVERIFY(!panel.phase().contains(QLatin1Char('%')));
        QVERIFY(!bar->isVisible());
        QVERIFY(!cancel->isVisible());
        panel.setTurn(10, 10);
        QCOMPARE(panel.phase(), QStringLiteral("Ready"));
    }

    void everyControlHasATooltip()
    {
        LabelPanel labels;
        QStringList names;
        for (int c = 0; c < 12; ++c)
            names << QStringLiteral("class %1").arg(c);
        labels.setClassNames(names);
        ui::QueryCard pair(0, proposal(1, 1, true).queries.front(), names);
        ui::QueryCard single(0, proposal(1, 1, false).queries.front(), names);
        PlotPanel plots;
        StatusPanel status;
        QList<QWidget*> controls;
        for (QWidget* w : std::initializer_list<QWidget*>{&labels, &pair, &single, &status}) {
            for (auto* b : w->findChildren<QPushButton*>())
                controls << b;
            for (auto* s : w->findChildren<QSlider*>())
                controls << s;
            for (auto* e : w->findChildren<QLineEdit*>())
                controls << e;
            for (auto* l : w->findChildren<QListWidget*>())
                controls << l;
        }
        controls << &pair << &single;
        for (PlotBase* plot : plotsOf(plots))
            controls << plot;
        QVERIFY(controls.size() > 18);
        for (QWidget* w : controls)
            QVERIFY2(!w->toolTip().isEmpty(), qPrintable(w->metaObject()->className() + (" " + w->objectName())));
        for (PlotBase* plot : plotsOf(plots))  // says what it shows, not only how to save it
            QVERIFY2(plot->toolTip().split(QLatin1Char('\n')).size() >= 2, qPrintable(plot->title()));
    }

    void screenshots()
    {
        PlotPanel panel;
        panel.resize(880, 900);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        feed(panel);
        for (PlotBase* plot : plotsOf(panel))
            plot->replot();
        saveScreenshot(panel, QStringLiteral("plots.png"));
        PlotPanel empty;
        empty.resize(880, 900);
        empty.startRun();
        empty.show();
        QVERIFY(QTest::qWaitForWindowExposed(&empty));
        saveScreenshot(empty, QStringLiteral("plots-empty.png"));

        CardsView pairs;
        pairs.resize(720, 600);
        pairs.showProposal(proposal(2, 3, true));
        pairs.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pairs));
        QTest::keyClick(&pairs, Qt::Key_Tab);
        saveScreenshot(pairs, QStringLiteral("cards-pairs.png"));
        CardsView singles;
        singles.resize(720, 600);
        singles.showProposal(proposal(1, 12, false));
        singles.show();
        QVERIFY(QTest::qWaitForWindowExposed(&singles));
        QTest::keyClick(&singles, Qt::Key_Down);
        QTest::keyClick(&singles, Qt::Key_Right);
        saveScreenshot(singles, QStringLiteral("cards-singles.png"));
        StatusPanel status;
        status.setTurn(3, 10);
        status.resize(700, 30);
        status.show();
        QVERIFY(QTest::qWaitForWindowExposed(&status));
        saveScreenshot(status, QStringLiteral("status-idle.png"));
    }
};

LADA_TEST_MAIN(TestPlots)
}  // namespace tst_plots
#include "tst_plots.moc"
