// SPDX-License-Identifier: MIT
#include "ui/dialogs/compare_runs_dialog.h"

#include "ui/experiment/experiment_plots.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <exception>

namespace lada::ui {

namespace {

constexpr int kShownProblems = 5;  ///< files named in the label; the tooltip has them all

QTableWidgetItem* cell(const QString& text)
{
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

QTableWidgetItem* numberCell(const QString& text, double value)
{
    QTableWidgetItem* item = cell(text);
    item->setData(CompareRunsDialog::ValueRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

/** `v` with `decimals` decimals, never "-0.00"; "—" when not finite. */
QString fixed(double v, int decimals)
{
    if (!std::isfinite(v))
        return QStringLiteral("—");
    if (std::abs(v) < 0.5 * std::pow(10.0, -decimals))
        v = 0.0;
    return QString::number(v, 'f', decimals);
}

/**
 * "mean ± sd" of a statistic, scaled (100 for accuracies as %), the mean alone for one seed: summary.md's
 * cell. The unscaled numbers go in the data roles.
 */
QTableWidgetItem* statCell(const SeedStat& stat, double scale, int decimals)
{
    if (stat.n == 0)
        return cell(QStringLiteral("—"));
    QString text = fixed(stat.mean * scale, decimals);
    if (stat.n > 1)  // one seed has no spread to show
        text += QStringLiteral(" ± ") + fixed(stat.sd * scale, decimals);
    QTableWidgetItem* item = numberCell(text, stat.mean);
    item->setData(CompareRunsDialog::ValueRole + 1, stat.sd);
    return item;
}

/** A p-value with 3 significant digits ("0.250", "0.00674", "1.00"), scientific below 1e-4, as summary.md. */
QString pValueText(double p)
{
    if (p == 0.0)
        return QStringLiteral("0");
    if (!std::isfinite(p))
        return QStringLiteral("—");
    const double rounded = QString::number(p, 'e', 2).toDouble();  // the decimals follow the rounded value
    if (rounded < 1e-4)
        return QString::number(p, 'e', 2);
    return fixed(rounded, std::max(0, 2 - static_cast<int>(std::floor(std::log10(rounded) + 1e-12))));
}

/** A paired difference in percentage points, signed, with the sd of the differences: "+2.33 ± 1.04". */
QString signedPoints(const PairedTest& test)
{
    QString text = fixed(test.meanDifference * 100.0, 2);
    if (!text.startsWith(QLatin1Char('-')) && text != QLatin1String("0.00"))
        text.prepend(QLatin1Char('+'));
    return text + QStringLiteral(" ± ") + fixed(test.sdDifference * 100.0, 2);
}

}  // namespace

CompareRunsDialog::CompareRunsDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Compare runs"));
    m_folderLabel = new QLabel(this);
    m_folderLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_datasets = new QComboBox(this);
    m_datasets->setToolTip(tr("The dataset whose runs the table and the plots show"));
    m_baselines = new QComboBox(this);
    m_baselines->setToolTip(tr("The strategy every other one is compared with, seed by seed (paired t and "
                               "Wilcoxon signed-rank tests)"));
    auto* reloadButton = new QPushButton(tr("&Reload"), this);
    reloadButton->setToolTip(tr("Read the folder again (an experiment may still be writing runs)"));
    auto* top = new QHBoxLayout;
    top->addWidget(m_folderLabel, 1);
    top->addWidget(new QLabel(tr("Dataset:"), this));
    top->addWidget(m_datasets);
    top->addWidget(new QLabel(tr("Baseline:"), this));
    top->addWidget(m_baselines);
    top->addWidget(reloadButton);

    m_problems = new QLabel(this);
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: #a02020;"));
    m_problems->setVisible(false);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setHorizontalHeaderLabels({tr("strategy (label)"), tr("seeds"), tr("best %"), tr("AUC %"), tr("final %"),
                                        tr("s/round"), tr("× random"), tr("ΔAUC (pp)"), tr("p (t)"),
                                        tr("p (Wilcoxon)")});
    m_table->horizontalHeaderItem(BestAccuracy)
        ->setToolTip(tr("Best test accuracy of the run (%), mean ± sd over seeds"));
    m_table->horizontalHeaderItem(AreaUnderCurve)->setToolTip(tr("Area under the accuracy curve (%)"));
    m_table->horizontalHeaderItem(FinalAccuracy)->setToolTip(tr("Test accuracy after the last round (%)"));
    m_table->horizontalHeaderItem(SecondsPerRound)
        ->setToolTip(tr("Seconds per round: scoring, selection, training and evaluation"));
    m_table->horizontalHeaderItem(RatioToRandom)->setToolTip(tr("Seconds per round over random's"));
    m_table->horizontalHeaderItem(AucVsBaseline)
        ->setToolTip(tr("AUC of the strategy − the baseline's, seed by seed, in percentage points (mean ± sd)"));
    m_table->horizontalHeaderItem(AucTPValue)->setToolTip(tr("Two-sided paired t-test of the AUC differences"));
    m_table->horizontalHeaderItem(AucWilcoxonPValue)
        ->setToolTip(tr("Two-sided Wilcoxon signed-rank test of the AUC differences; with 5 seeds p ≥ 0.0625"));
    m_table->verticalHeader()->setVisible(false);
    // Compact rows: a grid of a dozen strategies fits above the plots.
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_tabs = new QTabWidget(this);
    m_split = new QSplitter(Qt::Vertical, this);
    m_split->addWidget(m_table);
    m_split->addWidget(m_tabs);
    m_split->setStretchFactor(0, 1);
    m_split->setStretchFactor(1, 3);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_problems);
    layout->addWidget(m_split, 1);
    layout->addWidget(buttons);
    resize(1200, 820);

    connect(m_datasets, &QComboBox::currentTextChanged, this, [this](const QString& dataset) {
        if (!m_filling && !dataset.isEmpty())
            showDataset(dataset);
    });
    connect(m_baselines, &QComboBox::currentTextChanged, this, [this](const QString& baseline) {
        if (!m_filling && !baseline.isEmpty())
            reload();
    });
    connect(reloadButton, &QPushButton::clicked, this, &CompareRunsDialog::reload);
}

bool CompareRunsDialog::isExperimentFolder(const QString& folder)
{
    return !folder.isEmpty() && QFileInfo(QDir(folder).filePath(QStringLiteral("runs"))).isDir();
}

bool CompareRunsDialog::load(const QString& folder, const QString& baseline, QString* error)
{
    const QString shown = dataset();
    m_folder = folder;
    m_folderLabel->setText(QDir::toNativeSeparators(folder));
    QString failure;
    if (!isExperimentFolder(folder)) {
        failure = tr("%1 has no runs/ folder: not an experiment folder (lada-cli experiment --out)").arg(folder);
    } else {
        try {
            m_summary = summarizeExperiment(folder.toStdString(), baseline.toStdString());
        } catch (const std::exception& e) {
            failure = tr("cannot read the experiment %1: %2").arg(folder, QString::fromStdString(e.what()));
        }
    }
    if (!failure.isEmpty()) {
        m_summary = ExperimentSummary{};
        m_filling = true;
        m_datasets->clear();
        m_baselines->clear();
        m_filling = false;
        m_table->setRowCount(0);
        fillPlots(QString());
        showProblems({failure});
        if (error)
            *error = failure;
        return false;
    }
    setWindowTitle(tr("Compare runs — %1").arg(QFileInfo(folder).fileName()));
    QStringList problems;
    for (const std::string& p : m_summary.problems)
        problems << QString::fromStdString(p);
    if (!problems.isEmpty())
        problems.prepend(tr("Not read, so left out of the table and the plots:"));
    showProblems(problems);
    const QStringList datasets = experimentDatasets(m_summary);
    m_filling = true;
    m_datasets->clear();
    m_datasets->addItems(datasets);
    m_filling = false;
    if (datasets.isEmpty()) {
        showProblems(problems << tr("no result file under %1/runs yet").arg(folder));
        fillBaselines(QString());
        m_table->setRowCount(0);
        fillPlots(QString());
        return true;
    }
    showDataset(datasets.contains(shown) ? shown : datasets.first());
    return true;
}

QString CompareRunsDialog::dataset() const
{
    return m_datasets->currentText();
}

bool CompareRunsDialog::showDataset(const QString& dataset)
{
    const int index = m_datasets->findText(dataset);
    if (index < 0)
        return false;
    m_filling = true;
    m_datasets->setCurrentIndex(index);
    m_filling = false;
    fillBaselines(dataset);
    fillTable(dataset);
    fillPlots(dataset);
    return true;
}

void CompareRunsDialog::fillBaselines(const QString& dataset)
{
    QStringList labels;
    for (const StrategySummary& row : m_summary.rows)
        if (QString::fromStdString(row.dataset) == dataset)
            labels << QString::fromStdString(row.label);
    const QString baseline = QString::fromStdString(m_summary.baseline);
    if (!baseline.isEmpty() && !labels.contains(baseline))
        labels.prepend(baseline);  // chosen, but no run of this dataset has it: its Δ columns stay empty
    m_filling = true;
    m_baselines->clear();
    m_baselines->addItems(labels);
    m_baselines->setCurrentText(baseline);
    m_filling = false;
}

void CompareRunsDialog::fillTable(const QString& dataset)
{
    m_table->setRowCount(0);
    for (const StrategySummary& row : m_summary.rows) {
        if (QString::fromStdString(row.dataset) != dataset)
            continue;
        const int r = m_table->rowCount();
        m_table->insertRow(r);
        const QString label = QString::fromStdString(row.label);
        const QString strategy = QString::fromStdString(row.strategy);
        QTableWidgetItem* name =
            cell(strategy.isEmpty() || strategy == label ? label : QStringLiteral("%1 (%2)").arg(strategy, label));
        name->setData(LabelRole, label);
        m_table->setItem(r, Strategy, name);
        QString seeds = QString::number(row.seeds.size());
        if (row.incomplete > 0)
            seeds += tr(" (+%1 unfinished)").arg(row.incomplete);
        m_table->setItem(r, Seeds, numberCell(seeds, static_cast<double>(row.seeds.size())));
        m_table->setItem(r, BestAccuracy, statCell(row.bestAccuracy, 100.0, 2));
        m_table->setItem(r, AreaUnderCurve, statCell(row.areaUnderCurve, 100.0, 2));
        m_table->setItem(r, FinalAccuracy, statCell(row.finalAccuracy, 100.0, 2));
        m_table->setItem(r, SecondsPerRound, statCell(row.secondsPerRound, 1.0, 2));
        m_table->setItem(r, RatioToRandom,
                         row.secondsRatioToRandom
                             ? numberCell(fixed(*row.secondsRatioToRandom, 2), *row.secondsRatioToRandom)
                             : cell(QStringLiteral("—")));
        if (!row.aucVsBaseline) {
            // The baseline itself, or fewer than two seeds shared with it: "—" as in summary.md.
            QTableWidgetItem* d = cell(QStringLiteral("—"));
            d->setToolTip(row.label == m_summary.baseline
                              ? tr("The baseline")
                              : tr("Fewer than two finished seeds shared with the baseline"));
            m_table->setItem(r, AucVsBaseline, d);
            m_table->setItem(r, AucTPValue, cell(QStringLiteral("—")));
            m_table->setItem(r, AucWilcoxonPValue, cell(QStringLiteral("—")));
            continue;
        }
        const PairedTest& auc = *row.aucVsBaseline;
        QTableWidgetItem* d = numberCell(signedPoints(auc) + (static_cast<std::size_t>(auc.pairs) != row.seeds.size()
                                                                  ? tr(" (%1 seeds)").arg(auc.pairs)
                                                                  : QString()),
                                         auc.meanDifference);
        d->setData(ValueRole + 1, auc.sdDifference);
        QString tip =
            tr("%1 − %2 over %3 shared seeds").arg(label, QString::fromStdString(m_summary.baseline)).arg(auc.pairs);
        if (row.bestVsBaseline) {
            tip += tr("\nBest accuracy: %1 pp (p t %2, Wilcoxon %3)")
                       .arg(signedPoints(*row.bestVsBaseline), pValueText(row.bestVsBaseline->tPValue),
                            pValueText(row.bestVsBaseline->wilcoxonPValue));
        }
        d->setToolTip(tip);
        m_table->setItem(r, AucVsBaseline, d);
        m_table->setItem(r, AucTPValue, numberCell(pValueText(auc.tPValue), auc.tPValue));
        QTableWidgetItem* w = numberCell(pValueText(auc.wilcoxonPValue), auc.wilcoxonPValue);
        w->setToolTip(auc.wilcoxonExact ? tr("Exact null distribution") : tr("Normal approximation"));
        m_table->setItem(r, AucWilcoxonPValue, w);
    }
    // Numbers (and the dashes of unset ones) to the right, as in summary.md.
    for (int r = 0; r < m_table->rowCount(); ++r)
        for (int c = Seeds; c < ColumnCount; ++c)
            m_table->item(r, c)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_table->horizontalHeaderItem(AucVsBaseline)
        ->setText(tr("ΔAUC vs %1 (pp)").arg(QString::fromStdString(m_summary.baseline)));
    // The table as tall as its rows, up to 45 % of the room: no empty rows above the plots, no plot squeezed.
    const int rowsHeight = m_table->horizontalHeader()->sizeHint().height() +
                           m_table->rowCount() * m_table->verticalHeader()->defaultSectionSize() +
                           2 * m_table->frameWidth() + m_table->horizontalScrollBar()->sizeHint().height();
    const int room = std::max(m_split->height(), 600);
    const int tableHeight = std::min(rowsHeight, room * 45 / 100);
    m_split->setSizes({tableHeight, room - tableHeight});
}

void CompareRunsDialog::fillPlots(const QString& dataset)
{
    const int current = m_tabs->currentIndex();
    while (m_tabs->count() > 0) {
        QWidget* page = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete page;
    }
    if (dataset.isEmpty())
        return;
    ExperimentPlots plots = buildExperimentPlots(m_summary, dataset);
    const QStringList titles{tr("Accuracy"), tr("τ*"), tr("Virtual entropy"), tr("Entropy histogram")};
    const QList<PlotBase*> all{plots.accuracy.release(), plots.tau.release(), plots.virtualEntropy.release(),
                               plots.virtualEntropyHistogram.release()};
    for (int i = 0; i < all.size(); ++i) {
        all[i]->setMinimumSize(0, 0);       // the table above may take room: let the plots shrink
        m_tabs->addTab(all[i], titles[i]);  // the tab widget owns the plot now
    }
    m_tabs->setCurrentIndex(current < 0 ? 0 : current);
}

void CompareRunsDialog::showProblems(const QStringList& lines)
{
    m_problems->setVisible(!lines.isEmpty());
    if (lines.isEmpty()) {
        m_problems->clear();
        m_problems->setToolTip(QString());
        return;
    }
    QStringList shown = lines.mid(0, kShownProblems);
    if (lines.size() > kShownProblems)
        shown << tr("… and %n more (see the tooltip)", nullptr, static_cast<int>(lines.size() - kShownProblems));
    m_problems->setText(shown.join(QLatin1Char('\n')));
    m_problems->setToolTip(lines.join(QLatin1Char('\n')));
}

void CompareRunsDialog::reload()
{
    const QString baseline =
        m_baselines->currentText().isEmpty() ? QString::fromStdString(m_summary.baseline) : m_baselines->currentText();
    load(m_folder, baseline.isEmpty() ? QStringLiteral("entropy") : baseline);
}

}  // namespace lada::ui
