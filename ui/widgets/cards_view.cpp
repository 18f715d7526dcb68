// SPDX-License-Identifier: MIT
#include "ui/widgets/cards_view.h"

#include "ui/widgets/image_viewer.h"
#include "ui/widgets/pixel_image_view.h"
#include "ui/widgets/query_card.h"

#include <QGridLayout>
#include <QKeyEvent>
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
    // Takes the keyboard focus for the navigation keys; digits, S and Space pass on to the window.
    setFocusPolicy(Qt::StrongFocus);
}

void CardsView::setPlaceholder(const QString& text)
{
    if (m_cards.empty())
        m_header->setText(text);
}

QString CardsView::headerText() const
{
    return m_header->text();
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

int CardsView::cardOf(qint64 row) const
{
    if (row < 0)
        return -1;
    for (size_t i = 0; i < m_cards.size(); ++i)
        if (m_cards[i]->holds(row))
            return static_cast<int>(i);
    return -1;
}

void CardsView::focusCard(int card, int image)
{
    const std::vector<QueryImage>& images = m_cards[static_cast<size_t>(card)]->query().images;
    if (images.empty())
        return;
    focusRow(images[static_cast<size_t>(std::clamp(image, 0, static_cast<int>(images.size()) - 1))].row);
}

bool CardsView::navigate(int key, Qt::KeyboardModifiers modifiers)
{
    if (key == Qt::Key_Tab && (modifiers & Qt::ShiftModifier))
        key = Qt::Key_Backtab;
    if (m_cards.empty() || m_rows.empty())
        return false;
    const int count = static_cast<int>(m_cards.size());
    const int columns = std::max(1, m_columns);
    const int card = cardOf(m_focused);
    // Where the focused image sits in its card (a pair's left or right image), kept when moving up or down.
    int image = 0;
    if (card >= 0) {
        const std::vector<QueryImage>& images = m_cards[static_cast<size_t>(card)]->query().images;
        for (size_t i = 0; i < images.size(); ++i)
            if (images[i].row == m_focused)
                image = static_cast<int>(i);
    }
    const auto at = std::find(m_rows.begin(), m_rows.end(), m_focused);
    const int index = at == m_rows.end() ? -1 : static_cast<int>(at - m_rows.begin());
    const int rows = static_cast<int>(m_rows.size());
    switch (key) {
    case Qt::Key_Right: focusRow(m_rows[static_cast<size_t>(index < 0 ? 0 : std::min(index + 1, rows - 1))]); break;
    case Qt::Key_Left: focusRow(m_rows[static_cast<size_t>(index < 0 ? rows - 1 : std::max(index - 1, 0))]); break;
    case Qt::Key_Down:
        // To the card below, or to the last card when the row below is shorter.
        if (card < 0)
            focusCard(0, 0);
        else if (card / columns < (count - 1) / columns)
            focusCard(std::min(card + columns, count - 1), image);
        break;
    case Qt::Key_Up:
        if (card < 0)
            focusCard(count - 1, 0);
        else if (card >= columns)
            focusCard(card - columns, image);
        break;
    case Qt::Key_Tab:
        if (card + 1 >= count)
            return false;
        focusCard(card + 1, 0);
        break;
    case Qt::Key_Backtab:
        if (card == 0)
            return false;
        focusCard(card < 0 ? count - 1 : card - 1, 0);
        break;
    default: return false;
    }
    if (!hasFocus())
        setFocus(Qt::OtherFocusReason);
    return true;
}

void CardsView::keyPressEvent(QKeyEvent* event)
{
    const int key = event->key();
    const bool arrow = key == Qt::Key_Left || key == Qt::Key_Right || key == Qt::Key_Up || key == Qt::Key_Down;
    // Arrows always belong to the cards here (not to the scroll bars: focusRow scrolls the card into view).
    if (arrow && !(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
        navigate(key, event->modifiers());
        event->accept();
        return;
    }
    QScrollArea::keyPressEvent(event);
}

bool CardsView::focusNextPrevChild(bool next)
{
    if (navigate(next ? Qt::Key_Tab : Qt::Key_Backtab))
        return true;
    return QScrollArea::focusNextPrevChild(next);
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
