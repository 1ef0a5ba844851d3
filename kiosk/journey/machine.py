"""The journey's legal transitions, declared with python-statemachine.

The machine only says which moves are allowed; :class:`kiosk.journey.Journey`
decides which one to make and does the work on entering each state. A move
the machine does not allow is a bug and raises ``TransitionNotAllowed``.
"""

from __future__ import annotations

from statemachine import State, StateMachine

from kiosk.journey.states import JourneyState as S


class JourneyMachine(StateMachine):
    attract = State(value=S.ATTRACT, initial=True)
    home = State(value=S.HOME)
    intro = State(value=S.INTRO)
    identify = State(value=S.IDENTIFY)
    elderly_offer = State(value=S.ELDERLY_OFFER)
    face_check = State(value=S.FACE_CHECK)
    choose_business = State(value=S.CHOOSE_BUSINESS)
    fetching = State(value=S.FETCHING)
    preview = State(value=S.PREVIEW)
    printing = State(value=S.PRINTING)
    receipt = State(value=S.RECEIPT)
    reminders = State(value=S.REMINDERS)
    rating = State(value=S.RATING)
    rating_reasons = State(value=S.RATING_REASONS)
    callback = State(value=S.CALLBACK)
    goodbye = State(value=S.GOODBYE)
    notice = State(value=S.NOTICE)
    out_of_service = State(value=S.OUT_OF_SERVICE)
    diagnostics = State(value=S.DIAGNOSTICS)
    reprint_code = State(value=S.REPRINT_CODE)

    wake = attract.to(home)
    choose_service = home.to(intro)
    start_reprint = home.to(reprint_code)  # 补打: a code first, then the visit of its service
    use_code = reprint_code.to(intro)
    back_home = intro.to(home) | reprint_code.to(home)
    consent = intro.to(identify)
    offer_elderly = identify.to(elderly_offer)
    check_face = identify.to(face_check) | elderly_offer.to(face_check)
    pick_business = (
        identify.to(choose_business) | elderly_offer.to(choose_business) | face_check.to(choose_business)
    )
    fetch = (
        identify.to(fetching)
        | elderly_offer.to(fetching)
        | face_check.to(fetching)
        | choose_business.to(fetching)
    )
    show_preview = fetching.to(preview)
    print_document = preview.to(printing)
    print_reprint = fetching.to(printing)  # the sheets not delivered: checked the first time
    print_receipt = printing.to(receipt)
    # Every visit that read a card ends through the take-card check, whatever its outcome.
    remind = (
        receipt.to(reminders)
        | notice.to(reminders)
        | identify.to(reminders)
        | elderly_offer.to(reminders)
        | face_check.to(reminders)
        | choose_business.to(reminders)
        | preview.to(reminders)
    )
    ask_rating = reminders.to(rating)
    ask_reasons = rating.to(rating_reasons)
    ask_callback = rating_reasons.to(callback)
    say_goodbye = (
        rating.to(goodbye)
        | reminders.to(goodbye)
        | rating_reasons.to(goodbye)
        | callback.to(goodbye)
        | intro.to(goodbye)
        | identify.to(goodbye)
        | elderly_offer.to(goodbye)
        | face_check.to(goodbye)
        | choose_business.to(goodbye)
        | preview.to(goodbye)
    )
    explain = (
        intro.to(notice)
        | identify.to(notice)
        | elderly_offer.to(notice)
        | face_check.to(notice)
        | choose_business.to(notice)
        | fetching.to(notice)
        | preview.to(notice)
        | printing.to(notice)
    )
    rest = (
        home.to(attract)
        | goodbye.to(attract)
        | notice.to(attract)
        | out_of_service.to(attract)
        | diagnostics.to(attract)
        | reprint_code.to(attract)
    )
    open_diagnostics = attract.to(diagnostics) | home.to(diagnostics) | out_of_service.to(diagnostics)
    stop_service = (
        attract.to(out_of_service)
        | home.to(out_of_service)
        | intro.to(out_of_service)
        | identify.to(out_of_service)
        | elderly_offer.to(out_of_service)
        | face_check.to(out_of_service)
        | choose_business.to(out_of_service)
        | fetching.to(out_of_service)
        | preview.to(out_of_service)
        | printing.to(out_of_service)
        | receipt.to(out_of_service)
        | reminders.to(out_of_service)
        | rating.to(out_of_service)
        | rating_reasons.to(out_of_service)
        | callback.to(out_of_service)
        | goodbye.to(out_of_service)
        | notice.to(out_of_service)
        | diagnostics.to(out_of_service)
        | reprint_code.to(out_of_service)
    )
