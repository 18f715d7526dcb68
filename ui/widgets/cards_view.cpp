// SPDX-License-Identifier: MIT
#include "ui/widgets/cards_view.h"

#include "ui/widgets/image_viewer.h"
#include "ui/widgets/pixel_image_view.h"
#include "ui/widgets/query_card.h"

#include <QGridLayout>
#include <QLabel>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>

namespace lada::ui {

CardsView::CardsView(QWidget* parent)
    : QScrollArea(parent)
    , m_content(new QWidget)
{
    auto* outer = new QVBoxLayout(m_content);
    m_header = new QLabel(tr("Open a dataset to start (File ▸ Open)"), m_content);
    m_header->setWordWrap(true);
    outer->addWidget(m_header);
    m_grid = new QGridLayout;
    outer->addLayout(m_grid);
    outer->addStretch(1);
    setWidget(m_content);
    setWidgetResizable(true);
}

void CardsView::showProposal(const RoundProposal& proposal)
{
    for (QueryCard* c : m_cards)
        c->deleteLater();
    m_cards.clear();
    m_rows.clear();
    m_answered.clear();
    m_round = proposal.round;
    QString title = proposal.round == 0 ? tr("<b>Initial set</b>: %1 images").arg(proposal.queries.size())
                                        : tr("<b>Round %1</b> — %2, %3 %4")
                                              .arg(proposal.round)
                                              .arg(QString::fromStdString(proposal.strategy))
                                              .arg(proposal.queries.size())
                                              .arg(proposal.pairs ? tr("pairs") : tr("images"));
    if (proposal.pairs && proposal.mixLayer >= 0)
        title += tr(", mixing layer k = %1").arg(proposal.mixLayer);
    if (proposal.simulated)
        title += tr(" (the simulated oracle answers)");
    m_header->setText(title);
    m_pairs = proposal.pairs;
    m_photos = false;
    for (size_t i = 0; i < proposal.queries.size(); ++i) {
        auto* card = new QueryCard(static_cast<int>(i), proposal.queries[i], m_classNames, m_content);
        card->setMixLayer(proposal.mixLayer);
        connect(card, &QueryCard::inspectRequested, this, &CardsView::inspectRequested);
        connect(card, &QueryCard::imageClicked, this, &CardsView::focusRow);
        connect(card, &QueryCard::imageDoubleClicked, this, &CardsView::openImage);
        m_cards.push_back(card);
        for (const QueryImage& image : proposal.queries[i].images) {
            m_rows.push_back(image.row);
            if (cardImageScaling({image.width, image.height}).mode == Qt::SmoothTransformation)
                m_photos = true;
        }
    }
    placeCards(columns());
    m_focused = -1;
    focusNextUnanswered();
    // Show each pair's virtual instance at lambda = 0.5 before anyone touches a slider.
    for (size_t i = 0; i < proposal.queries.size(); ++i)
        if (proposal.queries[i].images.size() == 2)
            Q_EMIT inspectRequested(static_cast<int>(i), 0.5);
}

void CardsView::markAnswered(qint64 row, int label)
{
    m_answered[row] = label;
    for (QueryCard* c : m_cards)
        if (c->holds(row))
            c->setAnswer(row, label);
    if (row == m_focused || m_focused < 0 || isAnswered(m_focused))
        focusNextUnanswered();
}

void CardsView::markPending(qint64 row, int label)
{
    m_answered[row] = label;
    for (QueryCard* c : m_cards)
        if (c->holds(row))
            c->setAnswer(row, label, true);
    if (row == m_focused || m_focused < 0 || isAnswered(m_focused))
        focusNextUnanswered();
}

void CardsView::markUndone(qint64 row)
{
    if (!m_answered.erase(row))
        return;
    for (QueryCard* c : m_cards)
        if (c->holds(row))
            c->setAnswer(row, -2);
    focusRow(row);
}

void CardsView::showInspection(const VirtualInspection& inspection)
{
    if (inspection.round != m_round)
        return;
    for (QueryCard* c : m_cards)
        c->showInspection(inspection);
}

int CardsView::columns() const
{
    // Pair cards are wide: one per row; pixel-art singles (MNIST, CIFAR): five per row, as always.
    if (m_pairs || m_cards.empty())
        return 1;
    if (!m_photos)
        return 5;
    // Photo cards are at least kPhotoLongSide wide: as many as fit beside each other without scrolling sideways.
    const QMargins margins = m_content->layout()->contentsMargins();
    // A vertical scroll bar that has yet to appear would take its width from the cards' row.
    const int scrollBar = verticalScrollBar()->isVisible() ? 0 : verticalScrollBar()->sizeHint().width();
    const int room = viewport()->width() - scrollBar - margins.left() - margins.right();
    const int spacing = std::max(0, m_grid->horizontalSpacing());
    const int card = m_cards.front()->sizeHint().width();
    return std::max(1, (room + spacing) / (card + spacing));
}

void CardsView::placeCards(int columns)
{
    m_columns = columns;
    for (QueryCard* card : m_cards)
        m_grid->removeWidget(card);
    for (size_t i = 0; i < m_cards.size(); ++i)
        m_grid->addWidget(m_cards[i], static_cast<int>(i) / columns, static_cast<int>(i) % columns);
}

void CardsView::resizeEvent(QResizeEvent* event)
{
    QScrollArea::resizeEvent(event);
    if (m_photos && !m_pairs && columns() != m_columns)
        placeCards(columns());
}

void CardsView::openImage(qint64 row)
{
    for (QueryCard* c : m_cards)
        for (const QueryImage& image : c->query().images) {
            if (image.row != row)
                continue;
            if (m_viewer)
                m_viewer->close();  // deletes itself
            m_viewer = new ImageViewer(image, this);
            m_viewer->setAttribute(Qt::WA_DeleteOnClose);
            m_viewer->show();
            m_viewer->raise();
            m_viewer->activateWindow();
            return;
        }
}

ImageViewer* CardsView::imageViewer() const
{
    return m_viewer;
}

void CardsView::focusRow(qint64 row)
{
    m_focused = row;
    for (QueryCard* c : m_cards) {
        c->setFocusedRow(row);
        if (c->holds(row))
            ensureWidgetVisible(c);
    }
    Q_EMIT focusChanged(row);
}

void CardsView::focusNextUnanswered()
{
    // Start after the current image so that answering moves forward, then wrap around.
    const auto current = std::find(m_rows.begin(), m_rows.end(), m_focused);
    const size_t start = current == m_rows.end() ? 0 : static_cast<size_t>(current - m_rows.begin());
    for (size_t k = 0; k < m_rows.size(); ++k) {
        const qint64 row = m_rows[(start + k) % m_rows.size()];
        if (!isAnswered(row)) {
            focusRow(row);
            return;
        }
    }
    focusRow(-1);
}

}  // namespace lada::ui
