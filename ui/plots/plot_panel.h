// SPDX-License-Identifier: MIT
#pragma once

#include "ui/worker/worker_types.h"

#include <QWidget>

namespace lada::ui {

class AccuracyPlot;
class TauPlot;
class TsnePlot;
class VirtualEntropyHistogram;
class VirtualEntropyPlot;

/** The live plots of a session in one grid, fed with the worker's round results. */
class PlotPanel : public QWidget {
    Q_OBJECT
public:
    explicit PlotPanel(QWidget* parent = nullptr);

    void setClassNames(const QStringList& names);
    /**
     * A new session: a new accuracy curve (earlier ones stay), the per-round plots start empty. The
     * curve is "run N" until nameRun names it (`name`, when given, names it at once).
     */
    void startRun(const QString& name = QString());
    /**
     * Names the current run's curve by its strategy and session folder (runName), the same for a new
     * session and for the session reopened later: call it once both are known (sessionOpened).
     */
    void nameRun(const QString& strategy, const QString& sessionFolder);
    /**
     * The legend name of a run: "lada-entmix · s1" (strategy · the session folder's name), or the folder's
     * name alone when it already names the strategy; the strategy alone without a folder.
     */
    static QString runName(const QString& strategy, const QString& sessionFolder);
    /** tau* and virtual-entropy plots of a proposed round (nothing for non-pair strategies). */
    void addProposal(const RoundProposal& proposal);
    /** The accuracy point of a finished round, and where it comes from. */
    void addMetrics(const RoundMetrics& metrics);
    void showEmbedding(const EmbeddingView& view);
    /** Says on the t-SNE plot that it is switched off (0 pool points in the settings). */
    void setEmbeddingEnabled(bool enabled);

    AccuracyPlot* accuracy() const { return m_accuracy; }
    TauPlot* tau() const { return m_tau; }
    VirtualEntropyPlot* virtualEntropy() const { return m_entropy; }
    VirtualEntropyHistogram* histogram() const { return m_histogram; }
    TsnePlot* tsne() const { return m_tsne; }

private:
    AccuracyPlot* m_accuracy;
    TauPlot* m_tau;
    VirtualEntropyPlot* m_entropy;
    VirtualEntropyHistogram* m_histogram;
    TsnePlot* m_tsne;
};

}  // namespace lada::ui
