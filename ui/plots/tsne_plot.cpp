// SPDX-License-Identifier: MIT
#include "ui/plots/tsne_plot.h"

#include "ui/plots/plot_colors.h"

#include <map>

namespace lada::ui {

TsnePlot::TsnePlot(QWidget* parent)
    : PlotBase(tr("t-SNE of penultimate features"), parent)
{
    setDescription(tr("A 2-D t-SNE map of the model's penultimate features: a pool sample in grey, labeled images\n"
                      "by class, this round's queries as stars, their virtual instances as crosses"));
    xAxis->setTickLabels(false);
    yAxis->setTickLabels(false);
    // A column right of the map: the map is wide, and a legend inside it would hide points.
    legend->setRowSpacing(-3);
    setLegendPlace(LegendPlace::Right);
}

void TsnePlot::showEmbedding(const EmbeddingView& view)
{
    clearGraphs();
    clearItems();
    m_round = view.round;
    m_title->setText(tr("t-SNE of penultimate features, model of round %1 (%2 points, %3 s)")
                         .arg(view.round)
                         .arg(view.x.size())
                         .arg(view.seconds, 0, 'f', 1));
    auto scatter = [this](const QString& name, const QCPScatterStyle& style) {
        QCPGraph* g = addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(style);
        g->setName(name);
        return g;
    };
    QCPGraph* pool = scatter(tr("pool"), QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(180, 180, 180), 3));
    // One graph per labeled class, created in class order so that the legend reads 0, 1, 2, ...
    std::map<int, QCPGraph*> classes;
    for (size_t i = 0; i < view.x.size(); ++i)
        if (view.role[i] == 1)
            classes[view.label[i]] = nullptr;
    for (auto& [c, graph] : classes) {
        const QString name = c >= 0 && c < m_classNames.size() ? m_classNames[c] : QString::number(c);
        graph = scatter(name, QCPScatterStyle(QCPScatterStyle::ssDisc, categoryColor(c), 5));
    }
    QCPGraph* queried = nullptr;
    QCPGraph* candidates = nullptr;  // ALFA-Mix's candidate set: pool images whose prediction a mix flips
    for (size_t i = 0; i < view.x.size(); ++i) {
        if (view.role[i] == 0) {
            pool->addData(view.x[i], view.y[i]);
        } else if (view.role[i] == 1) {
            classes[view.label[i]]->addData(view.x[i], view.y[i]);
        } else if (view.role[i] == 3) {
            if (!candidates) {
                QCPScatterStyle ring(QCPScatterStyle::ssCircle, QColor(230, 120, 0), 7);
                ring.setPen(QPen(QColor(230, 120, 0), 1.2));
                candidates = scatter(tr("candidate set (a mix flips it)"), ring);
            }
            candidates->addData(view.x[i], view.y[i]);
        }
    }
    // Queried images and virtual instances on top of everything else.
    for (size_t i = 0; i < view.x.size(); ++i)
        if (view.role[i] == 2) {
            if (!queried) {
                QCPScatterStyle star(QCPScatterStyle::ssStar, QColor(0, 0, 0), 11);
                star.setPen(QPen(QColor(0, 0, 0), 1.8));
                queried = scatter(tr("queried"), star);
            }
            queried->addData(view.x[i], view.y[i]);
        }
    if (!view.pairs.empty()) {
        QCPGraph* crosses =
            scatter(tr("virtual instances"), QCPScatterStyle(QCPScatterStyle::ssCross, QColor(200, 30, 30), 7));
        for (const EmbeddingView::Pair& p : view.pairs) {
            if (p.a < 0 || p.b < 0 || p.a >= static_cast<int>(view.x.size()) || p.b >= static_cast<int>(view.x.size()))
                continue;
            auto* line = new QCPItemLine(this);
            line->start->setCoords(view.x[p.a], view.y[p.a]);
            line->end->setCoords(view.x[p.b], view.y[p.b]);
            line->setPen(QPen(QColor(200, 30, 30, 140), 1.0, Qt::DashLine));
            // A virtual instance at lambda sits at lambda * a + (1 - lambda) * b on the joining line.
            for (float l : p.lambdas)
                crosses->addData(l * view.x[p.a] + (1 - l) * view.x[p.b], l * view.y[p.a] + (1 - l) * view.y[p.b]);
        }
    }
    rescaleAxes();
    xAxis->scaleRange(1.08);
    yAxis->scaleRange(1.08);
    requestReplot();
}

}  // namespace lada::ui
