/// The phrases the classifier looks for in a patient's words, English and Spanish, written in
/// its normal form (lower case, no accents except `sí`, no punctuation). `*` stands for any one
/// word. Each phrase has an id for the evidence, so a decision can be explained and a wrong one
/// traced to its phrase.
///
/// Order matters within an intent list only for the evidence (the longest match wins); across
/// intents, negated forms ("can't make it", "no problem") are matched before the words they
/// contain ("make it", "no"), and a word a match used is not used again.
enum AnswerPhrases {
    /// What a phrase says about the appointment.
    enum Intent: String, CaseIterable {
        case voicemail, wrongNumber = "wrong_number", reschedule, cancel, hedge, confirm
        /// Bare "yes": a confirmation only when the agent just asked for one.
        case yes
        /// Bare "no": a refusal only when the agent just asked for a confirmation.
        case no
    }

    struct Phrase {
        let id: String
        let words: [Substring]
        init(_ id: String, _ text: String) {
            self.id = id
            words = text.split(separator: " ")
        }
    }

    /// Greetings of answering machines and carriers; looked for in every turn that is not the agent's.
    static let voicemail: [Phrase] = [
        .init("en.leave_message", "leave your name"), .init("en.leave_message", "leave a detailed message"), .init("en.leave_message", "leave a brief message"), .init("en.return_call", "return your call"), .init("en.away", "away from my desk"), .init("en.office_hours", "our office hours"), .init("en.office_hours", "office hours are"), .init("es.deje_mensaje", "deje su nombre"), .init("es.deje_mensaje", "dejame tu mensaje"), .init("es.deje_mensaje", "dejeme su mensaje"), .init("es.deje_mensaje", "deje su recado"), .init("es.no_puede_atender", "no puedo atenderle"), .init("es.no_puede_atender", "no puedo atenderlo"), .init("es.regresamos", "le regresamos la llamada"), .init("es.regresamos", "me comunicare con usted"), .init("es.horario", "nuestro horario es"), .init("es.no_puedo_contestar", "en este momento no puedo contestar"),
        .init("en.leave_message", "leave a message"), .init("en.leave_message", "leave your message"),
        .init("en.leave_message", "leave me a message"), .init("en.after_tone", "after the tone"),
        .init("en.after_tone", "after the beep"), .init("en.at_the_tone", "at the tone"),
        .init("en.voicemail", "voicemail"), .init("en.voicemail", "voice mail"), .init("en.mailbox", "mailbox"),
        .init("en.not_available", "is not available"), .init("en.not_available", "is unavailable"),
        .init("en.cannot_take_call", "can't take your call"), .init("en.cannot_take_call", "cannot take your call"),
        .init("en.cannot_take_call", "can't come to the phone"), .init("en.number_dialed", "the number you have dialed"),
        .init("en.number_dialed", "the number you dialed"), .init("en.record_message", "record your message"),
        .init("en.reached_mailbox", "you have reached the voicemail"), .init("en.press_pound", "press pound"),
        .init("es.deje_mensaje", "deje su mensaje"), .init("es.deje_mensaje", "deja tu mensaje"),
        .init("es.deje_mensaje", "dejar un mensaje"), .init("es.deje_mensaje", "deje un mensaje"),
        .init("es.deje_mensaje", "deja un mensaje"), .init("es.despues_tono", "despues del tono"),
        .init("es.despues_tono", "despues de la senal"), .init("es.despues_tono", "despues del pitido"),
        .init("es.buzon", "buzon de voz"), .init("es.buzon", "buzon"), .init("es.no_disponible", "no esta disponible"),
        .init("es.no_disponible", "no se encuentra disponible"), .init("es.numero_marcado", "el numero que usted marco"),
        .init("es.numero_marcado", "el numero que marco"), .init("es.contestadora", "contestadora"),
        .init("es.grabe", "grabe su mensaje"), .init("es.no_puede_atender", "no puede atender"),
        .init("es.fuera_servicio", "fuera de servicio"), .init("es.fuera_area", "fuera del area de servicio"),
    ]

    static let wrongNumber: [Phrase] = [
        .init("en.no_x_here", "no * here"), .init("en.we_dont_have", "we don't have a"), .init("en.we_dont_have", "we don't have any"), .init("en.no_x_here", "no kids here"), .init("en.not_their_number", "not her number"), .init("en.not_their_number", "not his number"), .init("es.numero_equivocado", "se equivocaron"), .init("es.numero_equivocado", "se equivocaron de numero"), .init("es.no_conozco", "no conocemos a"), .init("es.aqui_no_es", "aqui no es"), .init("es.aqui_no_es", "no es aqui"), .init("es.no_es_su_numero", "ya no es el numero"), .init("es.no_es_su_numero", "no es el numero"), .init("es.no_es_su_numero", "ya no es su numero"), .init("es.no_tengo_cita", "no tengo ninguna cita"),
        .init("en.wrong_number", "wrong number"), .init("en.no_one_by_that_name", "no one by that name"),
        .init("en.no_one_by_that_name", "nobody by that name"), .init("en.no_one_by_that_name", "no one here by that name"),
        .init("en.no_one_by_that_name", "nobody here by that name"), .init("en.no_one_by_that_name", "no one named"),
        .init("en.no_one_by_that_name", "nobody named"), .init("en.doesnt_live_here", "doesn't live here"),
        .init("en.doesnt_live_here", "does not live here"), .init("en.doesnt_live_here", "don't live here"),
        .init("en.doesnt_live_here", "no longer lives here"), .init("en.doesnt_live_here", "moved out"),
        .init("en.no_x_here", "there's no * here"), .init("en.no_x_here", "there is no * here"),
        .init("en.dont_know", "don't know any"), .init("en.dont_know", "don't know who"), .init("en.dont_know", "never heard of"),
        .init("en.not_me", "that's not me"), .init("en.not_me", "that isn't me"), .init("en.not_me", "it's not me"),
        .init("en.passed_away", "passed away"), .init("en.passed_away", "she died"), .init("en.passed_away", "he died"),
        .init("en.not_a_patient", "not a patient"), .init("en.not_a_patient", "never been a patient"),
        .init("en.not_my_appointment", "not my appointment"), .init("en.got_wrong", "you have the wrong"),
        .init("en.got_wrong", "you've got the wrong"), .init("en.got_wrong", "you got the wrong"),
        .init("en.got_wrong", "wrong person"),
        .init("es.numero_equivocado", "numero equivocado"), .init("es.numero_equivocado", "esta equivocado"),
        .init("es.numero_equivocado", "se equivoco"), .init("es.numero_equivocado", "se equivoco de numero"),
        .init("es.numero_equivocado", "esta equivocada"), .init("es.numero_equivocado", "equivocado de numero"),
        .init("es.no_vive_aqui", "no vive aqui"), .init("es.no_vive_aqui", "ya no vive"), .init("es.no_vive_aqui", "aqui no vive"),
        .init("es.no_vive_aqui", "no vive aca"), .init("es.no_vive_aqui", "se mudo"),
        .init("es.no_conozco", "no conozco a"), .init("es.no_conozco", "no conozco a nadie"), .init("es.no_hay_nadie", "no hay nadie"),
        .init("es.no_hay_nadie", "aqui no hay ningun"), .init("es.no_hay_nadie", "aqui no hay ninguna"),
        .init("es.no_soy", "no soy yo"), .init("es.no_soy", "no soy ella"), .init("es.no_soy", "no soy el"), .init("es.fallecio", "fallecio"), .init("es.fallecio", "murio"),
        .init("es.no_es_paciente", "no soy paciente"), .init("es.persona_equivocada", "persona equivocada"),
    ]

    static let reschedule: [Phrase] = [
        .init("en.room", "is there room"), .init("en.room", "any room"), .init("en.room", "do you have room"), .init("es.lugar", "hay lugar"), .init("es.lugar", "tiene lugar"), .init("es.lugar", "tienen lugar"), .init("es.lugar", "hay cupo"), .init("es.lugar", "tiene cupo"),
        .init("en.what_about", "what about"), .init("en.what_about", "how about"), .init("en.any_way", "any way we could"), .init("en.any_way", "is there any way"), .init("en.new_time", "new one"), .init("en.new_time", "book a new"), .init("en.another_time", "later in the"), .init("en.another_time", "some other time"), .init("en.rebook", "rebook me for"), .init("en.rebook", "book me for"), .init("es.aplazar", "aplazar"), .init("es.aplazar", "aplazarla"), .init("es.aplazar", "aplazarlo"), .init("es.cambiar", "cambienmela"), .init("es.cambiar", "cambiemela"), .init("es.cambiar", "cambiamela"), .init("es.cambiar", "me la cambia"), .init("es.cambiar", "me la puede cambiar"), .init("es.pasar", "me la pasa"), .init("es.pasar", "me la pueden pasar"), .init("es.pasar", "me la puede pasar"), .init("es.pasar", "pasar al"), .init("es.pasar", "pasarla al"), .init("es.otra", "me den otra"), .init("es.otra", "denme otra"), .init("es.otra", "deme otra"), .init("es.otra", "otra para"), .init("es.otra", "mes que viene"), .init("es.despues", "algo despues"), .init("es.despues", "algo mas tarde"), .init("es.tendra", "tendra algo"), .init("es.tienen", "tiene algo"), .init("es.misma_hora", "a la misma hora se puede"),
        .init("en.reschedule", "reschedule"), .init("en.reschedule", "re schedule"), .init("en.move", "move it"),
        .init("en.move", "move my appointment"), .init("en.move", "move the appointment"), .init("en.move", "move that"),
        .init("en.change", "change it"), .init("en.change", "change the time"), .init("en.change", "change my appointment"),
        .init("en.change", "change the appointment"), .init("en.change", "change the day"), .init("en.change", "change the date"),
        .init("en.another_time", "another time"), .init("en.another_time", "another day"), .init("en.another_time", "another date"),
        .init("en.another_time", "different time"), .init("en.another_time", "different day"), .init("en.another_time", "different date"),
        .init("en.another_time", "a later time"), .init("en.another_time", "later in the week"), .init("en.another_time", "earlier time"),
        .init("en.another_time", "other day"), .init("en.push", "push it"), .init("en.push", "push back"),
        .init("en.push", "push my appointment"), 
        .init("en.can_we_do", "can we do"), .init("en.can_we_do", "could we do"), .init("en.can_we_do", "can i come"),
        .init("en.can_we_do", "could i come"), .init("en.can_we_do", "is there anything"), .init("en.can_we_do", "do you have anything"),
        .init("en.can_we_do", "any openings"), .init("en.can_we_do", "any availability"), .init("en.new_time", "new time"),
        .init("en.new_time", "new appointment"), .init("en.postpone", "postpone"), .init("en.bump", "bump it"),
        .init("en.switch", "switch it"), .init("en.switch", "switch to"),
        .init("es.reprogramar", "reprogramar"), .init("es.reprogramar", "reprogramarla"), .init("es.reprogramar", "reprogramarlo"),
        .init("es.reprogramar", "reagendar"), .init("es.reprogramar", "reagendarla"), .init("es.cambiar", "cambiar"),
        .init("es.cambiar", "cambiarla"), .init("es.cambiar", "cambiarlo"), .init("es.cambiar", "cambiemos"),
        .init("es.cambiar", "cambie la cita"), .init("es.cambiar", "cambio de cita"), .init("es.mover", "mover"),
        .init("es.mover", "moverla"), .init("es.mover", "moverlo"), .init("es.otro_dia", "otro dia"), .init("es.otro_dia", "otra hora"),
        .init("es.otro_dia", "otra fecha"), .init("es.otro_dia", "otro horario"), .init("es.otro_dia", "mas tarde"),
        .init("es.otro_dia", "mas temprano"), 
        .init("es.posponer", "posponer"), .init("es.posponer", "posponerla"), .init("es.pasar", "pasarla"), .init("es.pasar", "pasar la cita"),
        .init("es.correr", "correrla"), .init("es.nueva_cita", "nueva cita"), .init("es.se_puede", "se puede para"),
        .init("es.se_puede", "puede ser el"), .init("es.se_puede", "podria ser el"), .init("es.tienen", "tienen algo"),
        .init("es.tienen", "tiene espacio"), .init("es.tienen", "hay espacio"), .init("es.tienen", "tienen disponible"),
    ]

    static let cancel: [Phrase] = [
        .init("es.no_podemos", "no podemos"), .init("es.no_podemos", "no podemos ir"), .init("es.no_podre", "no vamos a poder"),
        .init("en.cant_make_it", "not gonna be able"), .init("en.dont_rebook", "don't rebook"), .init("es.no_voy", "no voy"), .init("es.no_vamos", "no vamos"), .init("es.no_va", "no va a poder"), .init("es.no_va", "no va a ir"),
        .init("en.cancel", "cancel"), .init("en.cancel", "cancel it"), .init("en.cancel", "cancel my appointment"),
        .init("en.cancel", "cancelling"), .init("en.cancel", "canceling"), .init("en.cancel", "call it off"),
        .init("en.cant_make_it", "can't make it"), .init("en.cant_make_it", "cannot make it"), .init("en.cant_make_it", "can't come"),
        .init("en.cant_make_it", "cannot come"), .init("en.cant_make_it", "won't make it"), .init("en.cant_make_it", "won't be able"),
        .init("en.cant_make_it", "will not be able"), .init("en.cant_make_it", "not be able"), .init("en.cant_make_it", "won't be there"),
        .init("en.cant_make_it", "won't be coming"), .init("en.cant_make_it", "not coming"), .init("en.cant_make_it", "not going to make"),
        .init("en.cant_make_it", "not gonna make"), .init("en.cant_make_it", "not going to come"), .init("en.cant_make_it", "not gonna come"),
        .init("en.cant_make_it", "not going to be able"), .init("en.cant_make_it", "don't think i can"), .init("en.cant_make_it", "can't do"),
        .init("en.cant_make_it", "can't go"), .init("en.cant_make_it", "unable to"), .init("en.cant_make_it", "won't come"),
        .init("en.cant_make_it", "i can't"), .init("en.cant_make_it", "i cannot"), .init("en.cant_make_it", "we can't"),
        .init("en.dont_need", "don't need it"), .init("en.dont_need", "don't need the appointment"), .init("en.dont_need", "no longer need"),
        .init("en.dont_need", "don't need to come"), .init("en.take_off", "take me off"), .init("en.take_off", "remove me"),
        .init("en.other_dentist", "another dentist"), .init("en.other_dentist", "another doctor"), .init("en.other_dentist", "different dentist"),
        .init("en.other_dentist", "different doctor"), .init("en.other_dentist", "new dentist"),
        .init("es.cancelar", "cancelar"), .init("es.cancelar", "cancelarla"), .init("es.cancelar", "cancelarlo"),
        .init("es.cancelar", "cancele"), .init("es.cancelar", "cancelela"), .init("es.cancelar", "cancelen"), .init("es.cancelar", "cancelo"),
        .init("es.cancelar", "anular"), .init("es.cancelar", "anulela"), .init("es.no_puedo", "no puedo ir"),
        .init("es.no_puedo", "no voy a poder"), .init("es.no_puedo", "no podre"), .init("es.no_puedo", "no puedo asistir"),
        .init("es.no_puedo", "no voy a ir"), .init("es.no_puedo", "no vamos a ir"), .init("es.no_puedo", "no voy a asistir"),
        .init("es.no_puedo", "no podre ir"), .init("es.no_puedo", "no puedo llegar"), .init("es.no_puedo", "no voy a llegar"),
        .init("es.no_puedo", "no puedo"), .init("es.no_necesito", "ya no la necesito"), .init("es.no_necesito", "ya no lo necesito"),
        .init("es.no_necesito", "no la necesito"), .init("es.no_necesito", "no necesito la cita"), .init("es.no_necesito", "ya no necesito"),
        .init("es.quiteme", "quiteme"), .init("es.quiteme", "borreme"), .init("es.otro_dentista", "otro dentista"),
        .init("es.otro_dentista", "otro doctor"), .init("es.otro_dentista", "otra clinica"),
    ]

    /// Saying one cannot talk or hear now, matched before moves and refusals ("I can't talk" is
    /// no "I can't", "call me later" no "later").
    static let busyNow: [Phrase] = [
        .init("en.busy_now", "can't talk"), .init("en.busy_now", "cannot talk"), .init("en.busy_now", "can't hear"),
        .init("en.busy_now", "can't really talk"), .init("es.ocupado", "no puedo hablar"), .init("es.ocupado", "no le escucho"),
        .init("es.ocupado", "no te escucho"), .init("es.ocupado", "no puedo contestar"), .init("es.manejando", "voy manejando"),
        .init("es.manejando", "estoy manejando"), .init("es.mas_tarde", "hablame mas tarde"), .init("es.mas_tarde", "hableme mas tarde"),
        .init("es.mas_tarde", "llameme mas tarde"), .init("es.mas_tarde", "llamame mas tarde"), .init("en.call_later", "call me later"),
        .init("en.call_later", "call me back later"), .init("en.call_later", "call back later"),
    ]

    /// Answers that neither confirm nor refuse.
    static let hedge: [Phrase] = [
        .init("en.if", "if i get"), .init("en.if", "if someone"), .init("en.if", "if he"), .init("en.if", "if she"), .init("en.guess", "i guess"), .init("es.si_consigo", "si consigo"), .init("es.si_consigo", "si me"), .init("es.si_consigo", "si no"), .init("es.no_se", "no lo se"), .init("es.no_se", "no se si"),
        .init("en.think_so", "i think so"), .init("en.probably", "probably"), .init("en.maybe", "maybe"), .init("en.might", "i might"),
        .init("en.not_sure", "not sure"), .init("en.not_sure", "i don't know"), .init("en.not_sure", "i dunno"),
        .init("en.check", "have to check"), .init("en.check", "need to check"), .init("en.check", "let me check"),
        .init("en.check", "i'll check"), .init("en.check", "check my"), .init("en.check", "check with"),
        .init("en.call_back", "call me back"), .init("en.call_back", "call you back"), .init("en.call_back", "call back later"),
        .init("en.call_back", "call me later"), .init("en.call_back", "i'll call"), .init("en.if", "if i can"),
        .init("en.if", "if my"), .init("en.if", "depends"), .init("en.hopefully", "hopefully"), .init("en.try", "i'll try"),
        .init("en.try", "i will try"), .init("en.busy_now", "i'm driving"), .init("en.busy_now", "bad time"),
        .init("en.busy_now", "can't talk"), .init("en.who", "who is this"), .init("en.who", "who's calling"),
        .init("en.what_appointment", "what appointment"),
        .init("es.creo", "creo que si"), .init("es.creo", "creo que sí"), .init("es.creo", "pienso que si"),
        .init("es.tal_vez", "tal vez"), .init("es.tal_vez", "a lo mejor"), .init("es.tal_vez", "quizas"), .init("es.tal_vez", "quiza"),
        .init("es.tal_vez", "puede que"), .init("es.no_se", "no se"), .init("es.no_se", "no estoy seguro"), .init("es.no_se", "no estoy segura"),
        .init("es.depende", "depende"), .init("es.revisar", "tengo que ver"), .init("es.revisar", "tengo que revisar"),
        .init("es.revisar", "dejeme ver"), .init("es.revisar", "dejame ver"), .init("es.revisar", "tengo que preguntar"),
        .init("es.revisar", "tengo que consultar"), .init("es.revisar", "vamos a ver"), .init("es.revisar", "a ver"), .init("es.aviso", "le aviso"), .init("es.aviso", "les aviso"),
        .init("es.llamo", "le llamo"), .init("es.llamo", "llameme"), .init("es.llamo", "llamame"), .init("es.llamo", "les llamo"),
        .init("es.llamo", "le regreso la llamada"), .init("es.si_puedo", "si puedo"), .init("es.ojala", "ojala"),
        .init("es.quien", "quien habla"), .init("es.quien", "quien es"), .init("es.que_cita", "que cita"),
        .init("es.manejando", "estoy manejando"), .init("es.ocupado", "estoy ocupado"), .init("es.ocupado", "estoy ocupada"),
        .init("es.intentar", "voy a intentar"), .init("es.intentar", "tratare"),
    ]

    /// Confirmations matched before refusals and hedges: negated-looking ones ("no problem" says
    /// yes) and ones that contain a hedge's or a refusal's words ("I'm driving her").
    static let confirmFirst: [Phrase] = [
        .init("en.no_problem", "no problem"), .init("en.no_problem", "not a problem"), .init("en.no_problem", "no worries"),
        .init("en.bringing", "driving her"), .init("en.bringing", "driving him"), .init("en.bringing", "bringing her"),
        .init("en.bringing", "bringing him"), .init("en.bringing", "bring her in"), .init("en.bringing", "bring him in"),
        .init("en.keep", "keep it"), .init("en.keep", "keep the appointment"), .init("en.keep", "keep my appointment"),
        .init("en.thats_fine", "that's fine"), .init("en.thats_fine", "that is fine"),
        .init("es.no_hay_problema", "no hay problema"), .init("es.no_hay_problema", "sin problema"),
        .init("es.no_olvido", "no se me olvida"), .init("es.no_olvido", "no se me olvido"), .init("es.keep", "la dejo"),
        .init("es.keep", "dejela"), .init("es.keep", "dejela asi"), .init("es.mejor_voy", "mejor voy"),
        .init("es.si_puedo", "sí puedo"), .init("es.si_voy", "sí voy"), .init("es.si_va", "sí va"),
    ]

    /// Confirmations.
    static let confirm: [Phrase] = [
        .init("en.count_me_in", "count me in"), .init("en.sure_thing", "sure thing"), .init("en.coming", "we'll come"),
        .init("en.coming", "we will come"), .init("en.coming", "we'll bring"), .init("en.coming", "i'll bring"),
        .init("en.coming", "we'll be in"), .init("en.works", "works fine"), .init("en.works", "that time works"),
        .init("es.voy", "voy"), .init("es.voy", "ahi estoy"), .init("es.voy", "alli estoy"), .init("es.va", "ella va"),
        .init("es.va", "el va"), .init("es.va", "si va"), .init("es.llevo", "la llevo"), .init("es.llevo", "lo llevo"),
        .init("es.llevo", "los llevo"), .init("es.vamos", "vamos"), .init("es.esta_bien", "esta bien la hora"),
        .init("en.be_there", "i'll be there"), .init("en.be_there", "i will be there"), .init("en.be_there", "we'll be there"),
        .init("en.be_there", "she'll be there"), .init("en.be_there", "he'll be there"), .init("en.be_there", "they'll be there"),
        .init("en.be_there", "be there"), .init("en.coming", "i'll come"), .init("en.coming", "i will come"),
        .init("en.coming", "i'm coming"), .init("en.coming", "we're coming"), .init("en.coming", "she's coming"),
        .init("en.coming", "he's coming"), .init("en.coming", "i'll make it"), .init("en.coming", "i can make it"),
        .init("en.coming", "i'll be in"), .init("en.see_you", "see you"), .init("en.confirm", "confirm"), .init("en.confirm", "confirmed"),
        .init("en.confirm", "confirming"), .init("en.still_on", "still on"), .init("en.still_good", "still good"),
        .init("en.still_good", "still works"), .init("en.works", "that works"), .init("en.works", "works for me"),
        .init("en.sounds_good", "sounds good"), .init("en.sounds_good", "sounds great"), .init("en.of_course", "of course"),
        .init("en.absolutely", "absolutely"), .init("en.definitely", "definitely"), .init("en.perfect", "perfect"),
        .init("en.planning", "planning on it"), .init("en.planning", "planning to come"), .init("en.wont_miss", "won't miss it"),
        .init("es.ahi_estare", "ahi estare"), .init("es.ahi_estare", "alli estare"), .init("es.ahi_estare", "ahi estaremos"),
        .init("es.ahi_estare", "ahi va a estar"), .init("es.ahi_estare", "ahi estara"), .init("es.ahi_estare", "alla estare"),
        .init("es.voy", "si voy"), .init("es.voy", "sí voy"), .init("es.voy", "ahi voy a estar"), .init("es.voy", "voy a ir"),
        .init("es.voy", "vamos a ir"), .init("es.voy", "va a ir"), .init("es.voy", "ahi llego"), .init("es.voy", "alla nos vemos"),
        .init("es.confirmo", "confirmo"), .init("es.confirmo", "confirmada"), .init("es.confirmo", "confirmado"),
        .init("es.confirmo", "confirmamos"), .init("es.claro", "claro que si"), .init("es.claro", "claro que sí"),
        .init("es.claro", "claro"), .init("es.por_supuesto", "por supuesto"), .init("es.perfecto", "perfecto"),
        .init("es.de_acuerdo", "de acuerdo"), .init("es.nos_vemos", "nos vemos"), .init("es.cuente", "cuente conmigo"),
        .init("es.cuente", "cuenten conmigo"), .init("es.ahi_nos_vemos", "ahi nos vemos"), .init("es.asistire", "asistire"),
        .init("es.sigue", "sigue en pie"), .init("es.con_gusto", "con gusto"),
    ]

    /// Bare agreement: a confirmation only as the answer to a question asking for one.
    static let yes: [Phrase] = [
        .init("en.yes", "yes"), .init("en.yes", "yeah"), .init("en.yes", "yep"), .init("en.yes", "yup"), .init("en.yes", "sure"),
        .init("en.yes", "ok"), .init("en.yes", "okay"), .init("en.yes", "correct"), .init("en.yes", "right"),
        .init("en.yes", "uh huh"), .init("en.yes", "mhm"), .init("en.yes", "yes ma'am"), .init("en.yes", "yes sir"),
        .init("en.yes", "1"), .init("es.si", "sí"), .init("es.si", "si"), .init("es.si", "aja"), .init("es.si", "sale"),
        .init("es.si", "va"), .init("es.si", "bueno"), .init("es.si", "esta bien"), .init("es.si", "ok"), .init("es.si", "1"),
    ]

    static let no: [Phrase] = [
        .init("en.no", "no"), .init("en.no", "nope"), .init("en.no", "nah"), .init("en.no", "2"),
    ]

    /// The intents in the order they are matched in a clause: a phrase that contains another's
    /// words goes first ("no problem" before "no", "can't talk" before "can't").
    static let ordered: [(Intent, [Phrase])] = {
        let lists: [(Intent, [Phrase])] = [
            (.voicemail, voicemail), (.wrongNumber, wrongNumber), (.hedge, busyNow), (.reschedule, reschedule),
            (.confirm, confirmFirst),
            (.cancel, cancel), (.hedge, hedge), (.confirm, confirm), (.yes, yes), (.no, no),
        ]
        return lists.map { intent, phrases in (intent, phrases.sorted { $0.words.count > $1.words.count }) }
    }()

    /// Words in an agent's question that turn a bare yes or no around ("Do you need to reschedule?" "No."):
    /// such a question gets no answer from a bare word.
    static let invertedQuestion: [Phrase] = [
        .init("en", "cancel"), .init("en", "reschedule"), .init("en", "change"), .init("en", "move"), .init("en", "forget"),
        .init("es", "cancelar"), .init("es", "cancelarla"), .init("es", "reprogramar"), .init("es", "cambiar"), .init("es", "olvida"),
    ]

    /// An automated prompt asking to say yes or press a key to confirm.
    static let keypadPrompt: [Phrase] = [
        .init("en", "say yes"), .init("en", "press 1"), .init("en", "press one"), .init("es", "diga sí"), .init("es", "diga si"),
        .init("es", "marque 1"), .init("es", "presione 1"), .init("es", "oprima 1"),
    ]

    /// Phrases that keep an appointment after a patient spoke of moving it ("keep it").
    static let keepIDs: Set<String> = ["en.keep", "es.keep"]

    /// Words in an agent's turn that make it a question asking for a confirmation.
    static let confirmationQuestion: [Phrase] = [
        .init("en", "confirm"), .init("en", "make it"), .init("en", "be there"), .init("en", "be able to"),
        .init("en", "still good"), .init("en", "still on"), .init("en", "will you"), .init("en", "can you come"),
        .init("en", "see you"), .init("en", "planning"),
        .init("en", "keep"), .init("en", "attend"),
        .init("es", "confirma"), .init("es", "confirmar"), .init("es", "confirmarnos"), .init("es", "asistencia"),
        .init("es", "asistir"), .init("es", "podra"), .init("es", "puede venir"), .init("es", "va a venir"),
        .init("es", "lo esperamos"), .init("es", "la esperamos"), .init("es", "contamos con"), .init("es", "sigue en pie"),
        .init("es", "nos vemos"),
    ]
}
