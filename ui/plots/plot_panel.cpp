// SPDX-License-Identifier: MIT
#include "ui/plots/plot_panel.h"

#include "ui/plots/accuracy_plot.h"
#include "ui/plots/tau_plot.h"
#include "ui/plots/tsne_plot.h"
#include "ui/plots/virtual_entropy_histogram.h"
#include "ui/plots/virtual_entropy_plot.h"

#include <QDir>
#include <QFileInfo>
#include <QGridLayout>

namespace lada::ui {

PlotPanel::PlotPanel(QWidget* parent)
    : QWidget(parent)
    , m_accuracy(new AccuracyPlot(this))
    , m_tau(new TauPlot(this))
    , m_entropy(new VirtualEntropyPlot(this))
    , m_histogram(new VirtualEntropyHistogram(this))
    , m_tsne(new TsnePlot(this))
{
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_accuracy, 0, 0);
    grid->addWidget(m_tau, 0, 1);
    grid->addWidget(m_entropy, 1, 0);
    grid->addWidget(m_histogram, 1, 1);
    grid->addWidget(m_tsne, 2, 0, 1, 2);
    grid->setRowStretch(0, 5);  // the accuracy plot carries a source line and a legend row: a little taller
    grid->setRowStretch(1, 4);
    grid->setRowStretch(2, 6);
}

void PlotPanel::setClassNames(const QStringList& names)
{
    m_tsne->setClassNames(names);
}

void PlotPanel::startRun(const QString& name)
{
    m_accuracy->startRun(name);
    m_tau->clear();
    m_entropy->clear();
    m_histogram->showRound(0, {});  // clears the bars
}

void PlotPanel::nameRun(const QString& strategy, const QString& sessionFolder)
{
    m_accuracy->setRunName(runName(strategy, sessionFolder));
}

QString PlotPanel::runName(const QString& strategy, const QString& sessionFolder)
{
    // The folder's name, not its path: "/home/a/sessions/s1/" and "s1" are the same run.
    const QString folder = QFileInfo(QDir::cleanPath(sessionFolder)).fileName();
    if (folder.isEmpty())
        return strategy;
    if (strategy.isEmpty() || folder.contains(strategy, Qt::CaseInsensitive))
        return folder;
    return QStringLiteral("%1 · %2").arg(strategy, folder);
}

void PlotPanel::addProposal(const RoundProposal& proposal)
{
    const QString note =
        proposal.pairs ? QString()
                       : tr("%1 queries single images: no pairs, no τ*").arg(QString::fromStdString(proposal.strategy));
    for (PlotBase* p : std::initializer_list<PlotBase*>{m_tau, m_entropy, m_histogram})
        p->setNote(proposal.round > 0 ? note : QString());
    if (!proposal.pairs)
        return;
    std::vector<float> selected;
    for (const QueryView& q : proposal.queries)
        if (q.images.size() == 2)
            selected.push_back(static_cast<float>(q.tau));
    m_tau->addRound(proposal.round, proposal.tauAll, selected);
    m_entropy->addRound(proposal.round, proposal.meanVirtualScore);
    m_histogram->showRound(proposal.round, proposal.virtualScoreAll);
}

void PlotPanel::addMetrics(const RoundMetrics& metrics)
{
    switch (metrics.accuracySource) {
    case AccuracySource::TestSplit: m_accuracy->setSource(tr("on the test split")); break;
    case AccuracySource::HeldOut:
        m_accuracy->setSource(tr("no test set: on %1 held-out labels of the oracle").arg(metrics.heldOut));
        break;
    case AccuracySource::None: m_accuracy->setSource(tr("no test set and too few held-out labels yet")); break;
    }
    m_accuracy->addRound(metrics.labeled, metrics.accuracy);
}

void PlotPanel::showEmbedding(const EmbeddingView& view)
{
    m_tsne->showEmbedding(view);
}

void PlotPanel::setEmbeddingEnabled(bool enabled)
{
    m_tsne->setNote(enabled ? QString() : tr("t-SNE is off: set “t-SNE pool points” in the settings"));
}

}  // namespace lada::ui
