"""The cue lexicon: words and phrases (folded: lower case, no accents) that the rules look for.

One place for every cue list, so that a word is added once and every rule sees it.
English and Spanish; a few Portuguese forms where Brazilian reports use them.
"""

from __future__ import annotations

import re


def _rx(*phrases: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b")


# -- cue lexicon (folded: lower case, no accents) ------------------------------------
EVENT = _rx(
    # English
    r"arrest(?:ed|s|ing)?", r"detain(?:ed|ing)?", r"captur(?:ed|ing|e)", r"apprehend(?:ed|ing)?",
    r"raid(?:ed|s)?", r"rescu(?:ed|e|ing)", r"freed", r"dismantl(?:ed|e|ing)", r"seiz(?:ed|ure)",
    r"searched", r"took part", r"carried out", r"took place", r"booked", r"indicted", r"charg(?:ed|ing)",
    r"(?:the|an|this|that) operation", r"sting", r"crackdown", r"were held", r"taken into custody",
    r"executed search warrants", r"busted",
    # Spanish
    r"detuv(?:o|ieron)", r"detenid[oa]s?", r"detenciones", r"captur(?:o|aron|ados|adas|ado|ada|an)",
    r"se captur[oa]", r"arrest(?:o|aron|ados|adas|ado|ada)", r"aprehend(?:io|ieron|idos|idas|ido|ida)",
    r"allan(?:o|aron|amientos?)", r"rescat(?:o|aron|ados|adas|an)", r"liber(?:o|aron|adas|ados)",
    r"desarticul(?:o|aron|a|an|ada|ado)", r"desmantel(?:o|aron|a|an)", r"incaut(?:o|aron|a|an)",
    r"(?:el|un|este|del|al|gran) (?:mega)?operativo", r"megaoperativo", r"(?:la|una|esta) operacion",
    r"(?:la|una) intervencion", r"redada", r"(?:el|un|este) procedimiento", r"entrada y registro", r"tomaron el control", r"participaron", r"se realizo",
    r"se produjo", r"cae", r"cayo", r"caen", r"cayeron", r"detienen", r"capturan", r"rescatan",
    r"operativos?", r"allanamientos?", r"se realizaron", r"fueron (?:detenid|capturad|arrestad|aprehendid)[oa]s",
    # noun forms: "la captura de al menos 10", "the arrest of a member"
    r"(?:la|su|the|his|her) (?:captura|detencion|aprehension|arrest)", r"capturas", r"arrests",
    r"apprehensions", r"logro (?:la )?(?:captura|detencion)", r"lograron (?:la )?(?:captura|detencion)",
    # Portuguese (Brazilian reports)
    r"prend(?:eu|eram|em)", r"pres[oa]s?", r"operacao", r"deflagr\w*", r"cumpr(?:iu|iram) mandados",
    r"detid[oa]s?", r"prisao em flagrante", r"mandados? de prisao",
    # outcomes an investigation made possible, and the "blow" of headlines: "permitió detener a",
    # "asestaron un golpe", "llevaron a cabo"
    r"(?:permitio|permitieron|logro|lograron|han logrado|ha logrado) (?:la )?(?:detener|capturar|arrestar|"
    r"aprehender|desarticular|desmantelar|captura|detencion|desarticulacion)",
    r"(?:asesto|asestaron|ha asestado|han asestado|propino|propinaron|dio|dieron) un (?:\w+ )?golpe",
    r"llevaron a cabo", r"llevo a cabo",
)
SPEECH = _rx(
    r"said", r"says", r"stated", r"told", r"announced", r"reported", r"highlighted", r"added", r"noted",
    r"explained", r"confirmed", r"according to", r"in a statement",
    r"dijo", r"informo", r"informaron", r"senalo", r"senalaron", r"indico", r"indicaron", r"anuncio",
    r"declaro", r"preciso", r"explico", r"afirmo", r"aseguro", r"destaco", r"segun", r"de acuerdo con",
    r"confirmo", r"reporto", r"detallo", r"dio a conocer", r"informa",
    # reporting days: "declined to comment Wednesday", "posted on X", "tuiteó el jueves"
    r"comment(?:ed|s)?", r"posted", r"tweeted", r"wrote", r"told reporters", r"press conference",
    r"publico (?:en|un|una|a traves)",
    r"escribio", r"tuiteo", r"trino", r"rueda de prensa", r"conferencia de prensa", r"comunicado", r"revelo",
    r"informou", r"disse", r"afirmou", r"divulgou",
)
GENERIC = _rx(
    r"works? (?:closely )?with", r"is working", r"are working", r"remains? committed", r"committed to",
    r"a priority", r"around the world", r"worldwide", r"has opened", r"have opened", r"designated",
    r"sanctions", r"presumed innocent", r"are allegations", r"experts?", r"researchers?", r"reafirma",
    r"compromiso", r"trabaja(?:n)? (?:con|junto)", r"han multiplicado", r"cada vez que", r"sin embargo",
    r"se apresuran", r"no desmonta", r"in general", r"en general", r"suelen?", r"usually", r"often",
    r"every time", r"whenever", r"has expanded", r"ha expandido", r"is one of", r"es una de",
)
LEAD = _rx(r"led by", r"under the (?:direction|leadership) of", r"bajo la direccion de(?:l| la)?", r"headed by", r"under the command of", r"a cargo de(?:l| la)?", r"dirigid[oa] por",
           r"encabezad[oa] por", r"liderad[oa] por", r"conducted by", r"carried out by", r"realizad[oa] por",
           r"ejecutad[oa] por", r"coordinated by", r"coordinad[oa] por")
LEAD_AFTER = _rx(r"que dirigio", r"que lidero", r"que encabezo", r"which led", r"who led", r"led the")
SUPPORT_BEFORE = _rx(r"with (?:the )?support (?:from|of)", r"support from", r"supported by", r"backed by",
                     r"with (?:the )?assistance (?:from|of)", r"assisted by", r"con (?:el )?apoyo (?:de|del)",
                     r"apoyad[oa]s? por", r"con la colaboracion de", r"with help from", r"aided by")
SUPPORT_VERB = _rx(r"supported", r"supporting", r"assisted", r"provided (?:\w+ )?support", r"apoyaron",
                   r"apoyo a", r"brindo apoyo", r"brindaron apoyo", r"prestaron apoyo")
PARTICIPANT = _rx(r"together with", r"in coordination with", r"jointly with", r"alongside", r"joint",
                  r"en coordinacion con", r"junto (?:con|a)", r"conjunt[oa] con", r"con la participacion de",
                  r"conto con la participacion")
NEGATION = _rx(r"not", r"no", r"never", r"nunca", r"without", r"sin", r"at large", r"profug[oa]s?", r"escaped",
               r"fled", r"huyeron", r"remain(?:s|ed)? free")
SUBSET = _rx(r"include[sd]?", r"incluye(?:n)?", r"figura(?:n)?", r"among whom", r"entre quienes",r"entre (?:los|las) (?:detenid[oa]s|capturad[oa]s|arrestad[oa]s)(?: (?:hay|figuran|estan|se encuentran))?",
             r"entre (?:ellos|ellas)", r"of (?:them|whom|those)", r"among (?:them|those|the)", r"de (?:ellos|ellas)",
             r"including", r"incluidos", r"incluidas", r"del total", r"of the total")
ONE_PERSON = re.compile(
    r"\b(?P<verb>captur(?:o|aron|ed)|detuv(?:o|ieron)|arrest(?:o|aron|ed)|aprehend(?:io|ieron|ed)|detained|"
    r"(?:captura|detencion|aprehension|arrest) (?:de|of))"
    r"(?P<gap>(?: [\w']+){0,7}?) (?P<one>(?:a )?(?:un|una|a|one)) (?:(?:presunt[oa]|supuest[oa]|alleged|suspected) )?"
    r"(?P<noun>ciudadan[oa]|hombre|mujer|sujeto|individuo|joven|extranjer[oa]|venezolan[oa]|integrante|miembro|"
    r"cabecilla|lider|man|woman|suspect|member|leader|person|persona)\b")
# one more person of a nationality in a breakdown: "cinco venezolanos, un colombiano y un chileno"
ONE_NATIONAL = re.compile(r"(?:,|\by\b|\band\b)\s+(?:un|una|one|an?)\s+(?:venezolan[oa]|colombian[oa]|chilen[oa]|"
                          r"peruan[oa]|ecuatorian[oa]|bolivian[oa]|argentin[oa]|mexican[oa]|hondurena?|hondureno|"
                          r"dominican[oa]|cuban[oa]|brasilen[oa]|paraguay[oa]|uruguay[oa]|venezuelan|colombian|"
                          r"chilean|peruvian|ecuadorian|mexican|honduran|dominican|cuban|estadounidense|american|"
                          r"espanol[a]?|spaniard)\b")
# a singular passive of arrest: "fue capturado", "was arrested", "foi preso" (one person)
PASSIVE_ONE = re.compile(r"\b(?:fue|ha sido|habia sido|was|has been|had been|foi)\s+(?:\w+\s+)?"
                         r"(?:capturad[oa]|detenid[oa]|arrestad[oa]|aprehendid[oa]|arrested|detained|apprehended|"
                         r"captured|pres[oa]|taken into custody)\b")
PUNCT = re.compile(r"[,;:()\[\]]")
TOKEN_RX = re.compile(r"[0-9a-z]+")
CAPTION = re.compile(r"^(?:photo|foto|image|imagen|video|fuente|source|credit|credito)s?\b")

# counts: the noun after the number, and verbs near it
PERSONNEL = {"officers", "officer", "agents", "agentes", "policemen", "policias", "troops", "soldiers", "soldados",
             "troopers", "personnel", "efectivos", "uniformados", "funcionarios", "militares", "detectives",
             "investigators", "carabineros", "guardias", "gendarmes", "deputies", "marshals", "policemen"}
SITES = {"properties", "homes", "houses", "residences", "locations", "premises", "addresses", "buildings", "sites",
         "raids", "apartments", "warehouses", "inmuebles", "viviendas", "domicilios", "casas", "allanamientos",
         "registros", "locales", "predios", "departamentos", "lugares", "puntos", "establecimientos", "bodegas",
         "immuebles", "residencias", "searches", "complexes", "compounds", "hideouts", "ranches", "farms",
         "recintos", "galpones", "fincas", "parcelas", "campamentos", "inmuebles"}
ARRESTED_NOUNS = {"detenidos", "detenidas", "capturados", "capturadas", "arrestados", "arrestadas", "aprehendidos",
                  "aprehendidas", "arrests", "arrested", "detentions", "detenciones", "capturas", "detainees",
                  "presos", "presas", "detidos", "detidas", "prisoes"}  # Portuguese
PERSONS = {"people", "persons", "individuals", "suspects", "members", "men", "women", "foreigners", "nationals",
           "venezuelans", "defendants", "adults", "associates", "personas", "individuos", "sujetos", "integrantes",
           "miembros", "hombres", "mujeres", "extranjeros", "ciudadanos", "venezolanos", "venezolanas",
           "pessoas", "suspeitos", "membros", "homens", "mulheres", "venezuelanos",  # Portuguese
           "colombianos", "peruanos", "chilenos", "delincuentes", "implicados", "victims", "victimas", "migrants",
           "migrantes", "girls", "boys", "leaders", "cabecillas", "alleged", "person", "persona", "others",
           "gang", "youths", "jovenes", "ciudadanas", "detainees", "fugitives", "prisoners", "reos", "reclusos",
           # singular, for "capturaron a un ciudadano", "arrested a suspect"
           "ciudadano", "ciudadana", "hombre", "mujer", "sujeto", "individuo", "joven", "extranjero", "extranjera",
           "venezolano", "venezolana", "integrante", "miembro", "cabecilla", "lider", "man", "woman", "suspect",
           "member", "leader",
           # uncommon person nouns: "illegal immigrants", "presuntos delincuentes", Portuguese "suspeitos"
           "immigrants", "inmigrantes", "aliens", "illegals", "gangsters", "operatives", "criminals", "criminales",
           "pandilleros", "imputados", "imputadas", "acusados", "acusadas", "sospechosos", "sospechosas", "pessoas",
           "suspeitos", "membros", "adultos"}
MINORS = {"minors", "minor", "children", "child", "teenagers", "adolescents", "menores", "ninos", "ninas",
          "adolescentes", "underage"}
SKIP = {"suspected", "alleged", "presumed", "reputed", "purported", "more", "other", "presuntos", "presuntas",
        "supuestos", "supuestas", "presunto", "presunta", "of", "the", "them", "de", "los", "las", "ellos", "ellas",
        "whom", "those", "more", "additional", "nuevos", "otros", "otras", "law", "enforcement", "police",
        "policiales", "federal", "state", "local", "security", "de", "la", "gang", "cell", "foreign", "venezuelan",
        "colombian", "peruvian", "chilean", "civilian", "edad", "alleged", "u", "s", "armed", "heavily",
        "illegal", "undocumented", "indocumentados", "ilegales", "gang", "criminal", "suspected"}
UNITS = {"kilograms", "kilos", "kg", "kilogramos", "tons", "toneladas", "dollars", "euros", "soles", "pesos",
         "percent", "por", "years", "anos", "months", "meses", "days", "dias", "hours", "horas", "minutes",
         "minutos", "firearms", "weapons", "guns", "rifles", "armas", "phones", "telefonos", "celulares",
         "vehicles", "vehiculos", "cars", "rounds", "municiones", "grams", "gramos", "million", "millones",
         "billion", "am", "pm", "killings", "homicidios", "asesinatos", "murders", "denuncias", "complaints",
         "countries", "paises", "cities", "ciudades", "times", "veces", "km", "kilometers", "kilometros", "metros",
         "meters", "cases", "casos", "crimes", "delitos", "charges", "cargos", "counts", "bullets", "balas",
         "doses", "dosis", "packages", "paquetes", "bags", "bolsas", "ounces", "pounds", "libras", "units",
         "unidades", "rounds", "cartuchos", "semanas", "weeks", "de", "a", "al", "y", "and", "to",
         # crimes and charges counted, not people: "six-count indictment", "por tres secuestros"
         "count", "secuestros", "kidnappings", "robos", "robberies", "extorsiones", "extortions", "ataques", "attacks",
         "hurtos", "thefts", "feminicidios", "shootings", "tiroteos"}
STOP = {"were", "was", "are", "is", "fueron", "han", "have", "had", "who", "que", "and", "y", "in", "en", "at",
        "on", "con", "with", "for", "para", "por", "from", "desde", "during", "durante", "after", "tras"}

ARREST_V = _rx(r"(?:captura|detencion|aprehension|arrest) (?:de|of)", r"pres[oa]s", r"prendeu", r"prenderam",
               r"detid[oa]s", r"prisao de",
               r"arrest(?:ed|s|ing)?", r"detain(?:ed|ing)?", r"captur(?:ed|ing)", r"apprehend(?:ed|ing)?",
               r"taken into custody", r"rounded up", r"detuv(?:o|ieron)", r"detenid[oa]s?", r"detenciones?",
               r"captur(?:o|aron|ados|adas|ado|ada|an)", r"arrest(?:o|aron|ados|adas)", r"aprehend\w*",
               r"cayeron", r"caen", r"detienen", r"held")
RESCUE_V = _rx(r"rescu(?:ed|ing|e)", r"freed", r"liberated", r"saved", r"rescat\w*", r"liberad[oa]s?",
               r"liberaron", r"libero")
CHARGE_V = _rx(r"charged", r"charging", r"indicted", r"indicting", r"booked", r"imputad[oa]s", r"formaliz\w*",
               r"acusad[oa]s formalmente", r"acuso formalmente")
TARGET_V = _rx(r"proceed with the arrest of", r"para (?:la )?(?:captura|detencion) de", r"targeted", r"targeting", r"arrest warrants?", r"warrants? for", r"to arrest", r"to detain",
               r"to capture", r"proceed with the arrest", r"ordenes de (?:captura|detencion|aprehension)",
               r"para (?:capturar|detener|aprehender)", r"buscaba(?:n)? (?:capturar|detener)", r"objetivos",
               r"sought", r"wanted")
NETWORK = _rx(r"involving", r"exploit(?:ed|s|ing)?", r"network", r"explotaba\w*", r"explotad[oa]s", r"red",
              r"involucra\w*", r"victimas de")
JUDICIAL = _rx(r"hearings?", r"arraign(?:ed|ment)", r"courts?", r"judges?", r"juez", r"jueza", r"tribunal(?:es)?",
               r"audiencias?", r"control de detencion", r"formalizacion", r"sentenc(?:ed|ing)", r"condenad[oa]s?")
FUTURE = _rx(r"will", r"would", r"could", r"serian?", r"seran", r"podrian?", r"planned", r"prevista?",
             r"next", r"proxim[oa]s?")
# an agency named as the issuer or channel of a notice or warrant ("circular roja de Interpol", "wanted by
# Interpol", "an Interpol arrest warrant", "a través de Interpol"): it did not take part in the arrest
NOTICE_BEFORE = re.compile(r"(?:(?:notificacion|circular|alerta|difusion|ficha) roja|red notice|notificacion|"
                           r"alerta|alert|wanted by|requerid[oa] por|a traves de|through|via)"
                           r"(?: internacional| international)?(?: de| of| by)?(?: la| el| the)?\s*$")
NOTICE_AFTER = re.compile(r"\s*(?:(?:arrest )?warrants?|red notice|notice|alert|circular)\b")
# an agency named as a place ("desde la sede de la Dirincri") or as the victim's employer ("el ataque
# contra un comandante de Gendarmería", "the attack on two officers of the NYPD"): not a participant
AGENCY_AS_PLACE = re.compile(r"\b(?:sede(?: central)?|headquarters|instalaciones|cuartel(?: general)?|"
                             r"dependencias)(?: de(?:l| la| los)?| of(?: the)?)\s*$")
AGENCY_AS_VICTIM = re.compile(r"\b(?:contra|against|on|crimen|asesinato|ataque|attack|murder|homicidio|muerte)\b"
                              r"[^.;]{0,50}\b(?:comandante|teniente(?: coronel)?|coronel|mayor|sargento|cabo|suboficial|"
                              r"oficial(?:es)?|agentes?|funcionari[oa]s?|miembros?|officers?|members?|deput(?:y|ies)|"
                              r"gendarmes?|carabineros?|policias?)(?: de(?:l| la)?| of(?: the)?)\s*$")
INSTITUTION_AFTER = re.compile(r"\s*(?:federal court|court|courthouse|county|prison|jail|airport|university|"
                               r"police department|city council|district attorney|'s)\b")
INSTITUTION_BEFORE = re.compile(r"\b(?:(?:tribunal|juzgado) (?:de garantia|oral en lo penal|de juicio oral en lo penal|"
                                r"penal|federal|de distrito)|corte de apelaciones|centro correccional|"
                                r"tribunal|juzgado|corte|carcel|aeropuerto|universidad|fiscalia|policia|"
                                r"fiscal(?: regional| nacional| jefe| local)?|gobernador|gobernadora|intendente|alcalde|"
                                r"alcaldesa|prefecto|delegad[oa] presidencial|jefe|director|directora|"
                                r"municipalidad|alcaldia|gobierno|government of|court of|police of)(?: de(?:l| la)?)?\s*$")
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
CONNECTOR_GAP = re.compile(r"^[\s,()'\"-]*(?:(?:office|oficina|of|the|at|de|la|del|el|in|en|s|'s|unit|"
                           r"division|unidad)[\s,()'\"-]*)*$")
OFFICE_GAP = re.compile(r"^[\s,'-]*(?:s\s+)?(?:field\s+)?(?:office|oficina|attache office|agregaduria)?\s*(?:in|en|de)\s*$")

BREAKDOWN = {"venezolanos", "venezolanas", "venezolano", "venezolana", "chilenos", "chilenas", "colombianos",
             "colombianas", "peruanos", "peruanas", "ecuatorianos", "mujeres", "hombres", "men", "women",
             "venezuelans", "chileans", "colombians", "peruvians", "nacionalidad", "nationals", "adultos", "adults"}


# -- roles of places ---------------------------------------------------------------------------
# the words just before a place name (folded), and the role they give it
DESTINATION_BEFORE = re.compile(r"(?:heading|headed|bound|on their way|en route) (?:to|for)(?: the)?\s*$|"
                                r"(?:rumbo|camino|en direccion) (?:a|al|hacia)\s*$|hacia(?: el| la)?\s*$|"
                                r"con destino (?:a|al)\s*$|(?:extradit\w*|extradici\w*|deport\w*|trasladad[oa]s?|expulsad[oa]s?|taken|flown|"
                                r"sent|enviad[oa]s?|transferred|handed over) (?:\w+ ){0,3}(?:to|a|al|hacia)(?: the)?\s*$|"
                                r"(?:to reach|para llegar a|to cross into|cruzar a|migrate to|emigrar a)\s*$")
ORIGIN_BEFORE = re.compile(r"(?:procedentes?|provenientes?|originari[oa]s?|oriund[oa]s?|natural(?:es)?) de(?:l| la)?\s*$|"
                           r"(?:nacid[oa]s? en|born in|native of|natives of|hailing from|came from|arrived from|"
                           r"ingresaron desde|llegaron desde|fled|huyeron de|nacionalidad)\s*$|"
                           r"(?:from|desde)(?: the)?\s*$")
# where a suspect lives, or where officials spoke: not where the act happened
OTHER_BEFORE = re.compile(r"(?:residente de|residentes de|resident of|residents of|vecin[oa]s? de|lived in|vivia en|"
                          r"news conference in|press conference in|conferencia de prensa en|rueda de prensa en|"
                          r"ante los medios en)(?: the| el| la)?\s*$")
PARTNER_BEFORE = re.compile(r"(?:su|sus) (?:par|pares|homolog[oa]s?|contraparte) (?:de(?:l| la)?|en)\s*$|"
                            r"counterparts? (?:in|from|of)(?: the)?\s*$|(?:the )?government of\s*$|"
                            r"gobierno de(?:l| la)?\s*$|embajada de(?:l| la)?\s*$|embassy (?:of|in)(?: the)?\s*$|"
                            r"(?:requested|solicitad[oa]) por\s*$|(?:wanted|buscad[oa]s?|requerid[oa]s?) (?:in|en|por)\s*$")
AREA_BEFORE = re.compile(r"(?:operaba(?:n)?|opera(?:n)?|operated|operates|operating|active|activa|presence|presencia|"
                         r"expanded|expandido|expandio|extendido|se extiende|spread|countries such as|paises como|"
                         r"controlaba(?:n)?|controlled) (?:\w+ ){0,3}(?:en|in|into|a|hacia|across|por)(?: the| el| la)?\s*$")
# a part of a city before its name (folded), and a list of names after it (original text):
# "en las localidades de Kennedy, Bosa y Ciudad Bolívar", "el barrio Las Palmeras"
CITY_PART_BEFORE = re.compile(r"\b(?:localidad(?:es)?|barrios?|colonias?|neighborhoods?|neighbourhoods?)"
                              r"(?: de(?:l)?)?(?: la| las| los| el)?\s+")
CITY_PART_LIST = re.compile(r"(?:[A-ZÁÉÍÓÚÑ][\w’'-]*(?:\s+(?:de|del|la|las|los|el)?\s*[A-ZÁÉÍÓÚÑ][\w’'-]*)*"
                            r"\s*(?:,|\by\b|\be\b|\band\b)\s*)*")
SITE_BEFORE = re.compile(r"(?:\ben|\bin|\bat|near|cerca de|municipio de|ciudad de|city of|comuna de|distrito de|"
                         r"localidad de|barrio|sector|poblacion|campamento|town of|county|condado de|provincia de|"
                         r"region de|departamento de|estado)(?: the| el| la| los| las)?\s*$")
# "Aragua" or "Venezuela" as the gang's name or birthplace: not where anything happened
GANG_ORIGIN = re.compile(r"(?:de origen|originaria de|nacida en|born in|founded in|fundada en|surgio en|"
                         r"emerged in|originated in|prison in|carcel de|penal de)\s*(?:el |la |the )?$")

# -- roles of dates ----------------------------------------------------------------------------
# "said Wednesday", "dijo el jueves", "informó este lunes": a date tied to the statement itself
SPEECH_THEN_DATE = re.compile(r"\b(?:said|says|told|announced|stated|posted|tweeted|wrote|added|comment(?:ed)?|"
                              r"confirmed|reported|considered|warned|dijo|dijeron|publico en \w+|escribio|tuiteo|trino|"
                              # Spanish verbs of saying, singular and plural ("afirmó", "afirmaron")
                              r"(?:inform|anunci|senal|indic|precis|declar|afirm|confirm|destac|detall|explic|report|"
                              r"asegur|consider|denunci|manifest|expres|agreg|subray|enfatiz|revel|comunic)(?:o|aron)|"
                              r"(?:advirt|admit|reconoc|insist|anad|sostuv)(?:io|ieron|o)|"
                              r"dio a conocer|dieron a conocer)(?:[\s,]+[\w']+){0,5}?[\s,]*$")
DATE_THEN_SPEECH = re.compile(r"^\s*,?\s*(?:\w+ ){0,2}(?:said|told|announced|stated|posted|dijo|informo|anuncio|"
                              r"senalo|indico|publico|tuiteo|escribio|comment)")
# a reported fact: "said the arrest happened on September 18", "informó que la captura se produjo el 3"
FACT_AFTER_SPEECH = _rx(r"happened", r"took place", r"occurred", r"was arrested", r"were arrested",
                        r"se produjo", r"ocurrio", r"se realizo", r"se llevo a cabo", r"fue capturad[oa]",
                        r"fueron capturad[oa]s", r"fue detenid[oa]", r"fueron detenid[oa]s")
# the second end of a span ("entre el año fiscal 2023 y mayo de 2024"): not a day of action
SPAN_END_BEFORE = re.compile(r"\b(?:entre|between|from|desde|del)\b[^.;:]{1,45}\b(?:y|and|to|al|hasta|a)(?: el| la| the)?\s*$")
# "desde que asumió el cargo en febrero": a period that began then
SINCE_CLAUSE_BEFORE = re.compile(r"\b(?:desde que|since)\b(?: [\w]+){0,5}\s*$")
# "el próximo 30 de octubre", "next March 3": a day still to come
FUTURE_BEFORE = re.compile(r"\b(?:proxim[oa]|next|coming|upcoming)\s+$")
# a crime the operation answers (a murder, an attack): its date is not the operation's
CRIME = _rx(r"homicidios?", r"asesinatos?", r"asesinad[oa]s?", r"crimen(?:es)?", r"ataques?", r"atentados?",
            r"balaceras?", r"tiroteos?", r"dispar(?:o|aron)", r"balead[oa]s?", r"cadaver(?:es)?", r"secuestros?",
            r"robos?", r"asaltos?", r"agresion(?:es)?", r"agredi(?:o|eron|d[oa]s?)", r"perpetrad[oa]s?",
            r"homicides?", r"murder(?:s|ed)?", r"killings?", r"killed", r"shootings?", r"attack(?:s|ed)?",
            r"assault(?:s|ed)?", r"robber(?:y|ies)", r"ambush(?:ed)?", r"kidnapp(?:ing|ed)", r"stabb(?:ing|ed)",
            r"body was found", r"perpetrated", r"assassinad[oa]s?", r"assassinatos?")
# a court step right after the date ("el pasado domingo, la jueza ..."); dates only
COURT_AFTER = _rx(r"(?:el|la|un|una|the|a) (?:juez|jueza|judge|tribunal|court|juzgado|corte)")
# a line that is only a time stamp or a byline date ("lunes, 3 junio, 2024", "17 de febrero de 2024 2:18 PM
# Actualizado: ..."): the day the page was written
STAMP_LINE = re.compile(
    r"(?:[\W_\d]|\b(?:de|del|el|la|of|the|at|a las|am|pm|a\.m|p\.m|hrs?|h|gmt|utc|edt|est|et|cst|cdt|pst|pdt|"
    r"actualizad[oa]|updated|publicad[oa]|published|posted|modified|last|fecha|hora|por|by|" +
    "|".join(("january february march april may june july august september october november december jan feb mar "
              "apr jun jul aug sept sep oct nov dec enero febrero marzo abril mayo junio julio agosto septiembre "
              "setiembre octubre noviembre diciembre ene abr ago dic monday tuesday wednesday thursday friday "
              "saturday sunday lunes martes miercoles jueves viernes sabado domingo").split()) + r")\b)+")
# "— Policía de X (@handle) June 16, 2022": the date of an embedded post
EMBED_SIGNATURE = re.compile(r"(?<!\S)-\s*[^\n]{0,80}\(@\w+\)\s*$")  # folded: dashes are "-"
# "Morelia, Michoacán, 24 de octubre de 2025.–", "San Juan, 18 ago (EFE).-": the dateline
# "Fecha: 20 de octubre de 2025 a las 20:26", "Published: ...": a byline's label before the date
BYLINE_LABEL = re.compile(r"\b(?:fecha|date|publicad[oa]|published|actualizad[oa]|updated|posted)\s*:\s*$")
DATELINE_HEAD = re.compile(r"^\s*[^\W\d][^.;:!?\n]{0,60},\s*$")
DATELINE_TAIL = re.compile(r"\s*(?:\([^)\n]{1,20}\)\s*)?\.?\s*-")
BACKGROUND_BEFORE = re.compile(r"(?:since|desde|from|entre|between|until|hasta|before|antes de|founded|fundad[oa]|"
                               r"created|creada|began|comenzo|inicio|started|se inicio|se origino|originated)"
                               r"(?: (?:el|la|the|in|en|mid|early|late))?\s*$")

# -- scope of figures --------------------------------------------------------------------------
CUMULATIVE = _rx(r"so far", r"to date", r"thus far", r"hasta ahora", r"hasta la fecha", r"en lo corrido de(?:l)?",
                 r"en el ultimo ano", r"en los ultimos", r"in the (?:past|last) (?:year|months)", r"durante (?:el|este) ano",
                 r"during the year",
                 r"a la fecha", r"en lo que va", r"this year", r"este ano", r"nationwide", r"a nivel nacional",
                 r"across the country", r"en todo el pais", r"in recent (?:years|months)", r"en los ultimos",
                 r"since (?:19|20)\d\d", r"desde (?:19|20)\d\d", r"ya son", r"suman", r"ascienden? a", r"se elevan? a",
                 r"eleva a", r"overall", r"cumulative", r"total of .{0,30}since", r"al menos desde", r"up to now",
                 r"as of", r"ever since", r"since (?:the start|january|it began)", r"desde (?:que|el inicio|enero)")
# a count said to span several operations ("in two separate operations", "en tres operativos")
MULTI_OP = _rx(r"(?:two|three|four|several|separate|multiple|dos|tres|cuatro|varios|varias|distintos|distintas|"
               r"diferentes|separad[oa]s) (?:separate |distintos |diferentes )?(?:operations|operativos|operaciones|"
               r"raids|redadas|procedimientos)")
SUBSET_AFTER = re.compile(r"\s*(?:of|de) (?:(?:them|whom|ellos|ellas|estos|estas|quienes)\b|(?:the|those|los|las) "
                          r"(?:arrested|detained|detainees|suspects|detenid|capturad|arrestad|aprehendid|imputad))")

# -- operation segments ----------------------------------------------------------------------------
SEGMENT_CUE = _rx(r"previously", r"in a separate (?:operation|case|raid|investigation)", r"in an earlier (?:operation|raid)",
                  r"anteriormente", r"previamente", r"en (?:un|otro) operativo (?:anterior|distinto|separado)",
                  r"en una (?:operacion|fase|etapa) anterior", r"(?:la|una|en la) primera fase", r"a first phase",
                  r"the first phase", r"otr[oa]s \d+", r"otr[oa]s (?:dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|"
                  r"once|doce|quince|veinte|treinta|cuarenta|cincuenta|cien)\b", r"another \d+",
                  r"(?:en|in|durante|during) (?:el mes de )?(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
                  r"septiembre|setiembre|octubre|noviembre|diciembre) (?:pasado|del ano pasado|de (?:19|20)\d\d)",
                  r"(?:last|in) (?:january|february|march|april|may|june|july|august|september|october|november|"
                  r"december)(?: (?:19|20)\d\d)?,? (?:police|authorities|agents|officers)",
                  r"el ano pasado", r"last year", r"months (?:earlier|ago)", r"meses atras", r"hace (?:\w+ )?meses",
                  r"hace (?:un|una) (?:mes|ano)", r"(?:a|one) (?:month|year) ago")
