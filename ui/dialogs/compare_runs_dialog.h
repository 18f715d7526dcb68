// SPDX-License-Identifier: MIT
#pragma once

#include "core/experiment/experiment_summary.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QSplitter;
class QTableWidget;
class QTabWidget;

namespace lada::ui {

/**
 * File ▸ Compare runs…: an experiment folder (`lada-cli experiment --out DIR`) as the runner reports it.
 * A dataset selector, the summary table of that dataset (summary.md's table: the numbers of
 * summarizeExperiment, only formatted here) and its four plots in tabs (buildExperimentPlots). Files the summary could not read are
 * listed above the table. Reload reads the folder again (an experiment may still be running); choosing
 * another baseline reads it with that baseline's paired tests. GUI thread; reading a folder of a few
 * hundred result files takes well under a second, so it runs here.
 */
class CompareRunsDialog : public QDialog {
    Q_OBJECT
public:
    /** The summary table's columns, in order: summary.md's. */
    enum Column {
        Strategy,  ///< "strategy (label)", or the label alone when it is the strategy's name
        Seeds,
        BestAccuracy,
        AreaUnderCurve,
        FinalAccuracy,
        SecondsPerRound,
        RatioToRandom,
        AucVsBaseline,  ///< its tooltip adds the best accuracy's paired difference (summary.csv has it)
        AucTPValue,
        AucWilcoxonPValue,
        ColumnCount
    };
    /** The item data role holding a cell's number as core computed it (accuracies as fractions); the
     *  sd of a "mean ± sd" cell is under ValueRole + 1. */
    static constexpr int ValueRole = Qt::UserRole + 1;
    /** The item data role of the Strategy cell holding the row's label. */
    static constexpr int LabelRole = Qt::UserRole + 3;

    explicit CompareRunsDialog(QWidget* parent = nullptr);

    /** Whether `folder` holds a runs/ folder, which is what makes it an experiment folder. */
    static bool isExperimentFolder(const QString& folder);

    /**
     * Reads `folder` with `baseline`'s paired tests and shows its first dataset (or the one shown before,
     * when it is still there). Returns false with `error` (the folder and the reason) when the folder is no
     * experiment folder or cannot be read; the dialog then shows that error and no data.
     */
    bool load(const QString& folder, const QString& baseline = QStringLiteral("entropy"), QString* error = nullptr);
    /** Shows `dataset`'s table and plots; false when the summary has no such dataset. */
    bool showDataset(const QString& dataset);

    const ExperimentSummary& summary() const { return m_summary; }
    QString dataset() const;
    QComboBox* datasetSelector() const { return m_datasets; }
    QComboBox* baselineSelector() const { return m_baselines; }
    QTableWidget* table() const { return m_table; }
    /** Accuracy, τ*, virtual entropy, entropy histogram (experimentPlotNames' order). */
    QTabWidget* plotTabs() const { return m_tabs; }
    /** The files the summary could not read, or the error of the last load; hidden when there is none. */
    QLabel* problemsLabel() const { return m_problems; }

private:
    void fillTable(const QString& dataset);
    void fillPlots(const QString& dataset);
    void showProblems(const QStringList& lines);
    /** The baseline selector's choices: the labels of the shown dataset (and the current baseline). */
    void fillBaselines(const QString& dataset);
    /** Reads the folder again with the selected baseline, keeping the dataset and tab shown. */
    void reload();

    ExperimentSummary m_summary;
    QString m_folder;
    QLabel* m_folderLabel;
    QComboBox* m_datasets;
    QComboBox* m_baselines;
    QLabel* m_problems;
    QTableWidget* m_table;
    QTabWidget* m_tabs;
    QSplitter* m_split;      ///< the table above the plots
    bool m_filling = false;  ///< selectors being refilled: their change signals are not the user's
};

}  // namespace lada::ui
