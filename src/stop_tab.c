/* stop_tab.c -- stopword lists, one string of space-separated words per
 * language. Written for tidings from the grammar of each language: the
 * closed word classes plus very frequent auxiliaries and adverbs. Keep each
 * list in the case-folded form (lower case, diacritics kept). */
#include "td_config.h"

#include <stddef.h>

const char *const stop_tab[][2] = {
{"en",
 "a an the and or but nor so yet if then than that this these those there here "
 "i me my mine we us our ours you your yours he him his she her hers it its they "
 "them their theirs who whom whose which what when where why how all any both each "
 "few more most other some such no not only own same too very can will just should "
 "would could may might must shall do does did doing done have has had having be "
 "is am are was were been being of at by for with about against between into "
 "through during before after above below to from up down in out on off over "
 "under again further once also as until while because since although though "
 "says said say told tells according mr mrs ms one two new its it's also however "
 "s t don't didn't doesn't isn't wasn't aren't weren't won't can't couldn't "
 "wouldn't shouldn't hasn't haven't hadn't i'm you're he's she's we're they're "
 "i've we've they've i'd we'd they'd i'll we'll they'll let's that's there's "
 "what's who's many much even still now well back way get got make made like "
 "per via yes ago year years day days week time"},
{"nl",
 "de het een en of maar want dus dan als dat die dit deze daar hier er ik mij me "
 "mijn wij we ons onze jij je jou jouw u uw hij hem zijn zij ze haar hun hen het "
 "wie wat welke wanneer waar waarom hoe alle alles elk elke ieder iedere geen "
 "niet nog ook al wel zo zeer heel veel meer meest andere sommige zelf kan kunnen "
 "kon konden zal zullen zou zouden mag mogen moet moeten moest wil willen wilde "
 "doe doet deed gedaan heb hebt heeft hebben had hadden ben bent is zijn was "
 "waren geweest wordt worden werd werden van aan bij door voor met over tegen "
 "tussen in uit op af onder boven na naar om tot toe tijdens sinds omdat terwijl "
 "hoewel toen nu dan reeds nooit altijd weer zegt zei zeggen volgens men iets "
 "niets iemand niemand daarover daarom daarmee waarin waarop hierover erg even "
 "echter bovendien jaar jaren dag dagen week tijd"},
{"de",
 "der die das den dem des ein eine einer eines einem einen und oder aber denn "
 "sondern doch wenn dann als ob dass weil da wie wo was wer wem wen wessen welche "
 "welcher welches dieser diese dieses diesen diesem jener jene ich mich mir mein "
 "meine wir uns unser unsere du dich dir dein er ihn ihm sein seine sie ihr ihre "
 "ihnen es man sich alle alles jede jeder jedes kein keine keinen nicht nur auch "
 "noch schon sehr mehr viel viele andere selbst kann können konnte konnten wird "
 "werden wurde wurden würde würden soll sollen sollte muss müssen musste darf "
 "will wollen wollte habe hast hat haben hatte hatten bin bist ist sind war waren "
 "gewesen sei seien von vom zu zum zur an am bei beim mit nach aus auf über unter "
 "vor hinter neben zwischen durch für gegen ohne um bis seit während im ins "
 "sagte sagt sagen laut so nun jetzt hier dort damit dabei dazu davon darauf "
 "darüber wieder immer bereits etwa etwas nichts jahr jahre jahren tag tage woche "
 "zeit"},
{"fr",
 "le la les l un une des du de d et ou mais donc or ni car que qu qui quoi dont "
 "où ce cet cette ces cela ça celui celle ceux celles je j me m moi mon ma mes "
 "nous notre nos tu te t toi ton ta tes vous votre vos il elle ils elles lui leur "
 "leurs se s son sa ses on y en tout tous toute toutes aucun aucune ne n pas plus "
 "moins très trop aussi encore déjà bien peu beaucoup autre autres même mêmes "
 "peut peuvent pouvait pourrait doit doivent devait va vont sera seront serait "
 "fait faire a ai as avons avez ont avait avaient eu été est sont suis es sommes "
 "êtes était étaient être avoir à au aux par pour avec sans sous sur dans entre "
 "vers chez contre depuis pendant avant après selon comme si quand lorsque alors "
 "ainsi dit déclaré selon c s n j qu jusqu lorsqu puisqu an ans année années jour "
 "jours semaine temps"},
{"es",
 "el la lo los las un una unos unas y e o u pero sino ni que quien quienes cual "
 "cuales cuyo donde cuando como porque pues si no ya muy más menos tan tanto todo "
 "toda todos todas otro otra otros otras mismo misma este esta esto estos estas "
 "ese esa eso esos esas aquel aquella yo me mi mis nosotros nos nuestro nuestra tu "
 "te ti tus usted ustedes él ella ellos ellas le les lo se su sus de del al a en "
 "con por para sin sobre entre hasta desde durante contra hacia según tras ante "
 "bajo es son era eran fue fueron ser sido siendo está están estaba estaban "
 "estar ha han había habían haber he hemos puede pueden podría debe deben hay "
 "hace hacer dijo dice según también además aunque mientras entonces así aquí "
 "allí ahora año años día días semana vez"},
{"it",
 "il lo la i gli le un uno una e ed o ma però che chi cui quale quali dove quando "
 "come perché se non né più meno molto tanto tutto tutta tutti tutte altro altra "
 "altri altre stesso questo questa questi queste quello quella quelli quelle io "
 "me mi mio mia noi ci nostro nostra tu te ti tuo voi vi vostro lui lei loro gli "
 "si suo sua suoi sue di del dello della dei degli delle a al allo alla ai agli "
 "alle da dal dalla dai in nel nello nella nei negli nelle con col su sul sulla "
 "sui per tra fra è sono era erano fu stato stata essere ha hanno aveva avevano "
 "avere ho abbiamo può possono potrebbe deve devono anche ancora già così poi "
 "ora qui lì detto dice secondo mentre dopo prima anno anni giorno giorni "
 "settimana volta"},
{"pt",
 "o a os as um uma uns umas e ou mas nem que quem qual quais cujo onde quando "
 "como porque se não já muito mais menos tão todo toda todos todas outro outra "
 "outros outras mesmo este esta isto estes estas esse essa isso esses essas "
 "aquele aquela eu me mim meu minha nós nos nosso nossa tu te ti você vocês ele "
 "ela eles elas lhe lhes se seu sua seus suas de do da dos das em no na nos nas "
 "ao aos à às por pelo pela pelos pelas para com sem sobre entre até desde "
 "durante contra após segundo é são era eram foi foram ser sido está estão "
 "estava estar tem têm tinha ter há havia pode podem deve devem disse diz "
 "também ainda assim aqui agora ano anos dia dias semana vez"},
{"pl",
 "i a o u w we z ze na do od po za przez przy dla bez nad pod przed między oraz "
 "lub albo ale lecz czy że żeby by aby jak gdy kiedy gdzie który która które "
 "którzy co kto to ten ta te tego tej tym tych ja mnie mi mój moja my nas nam nasz "
 "ty ciebie ci twój wy was on go mu jego ona jej ono oni one ich im się sobie nie "
 "tak już jeszcze też także tylko bardzo więcej wszystko wszyscy jest są był była "
 "było byli być będzie będą może mogą ma mają miał miała został została zostało "
 "powiedział według roku rok lata dzień dni tydzień czas"},
{"ru",
 "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по "
 "только ее её мне было вот от меня еще ещё нет о из ему теперь когда даже ну вдруг "
 "ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя "
 "ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без "
 "будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой "
 "совсем ним здесь этом один почти мой тем чтобы нее неё сейчас были куда зачем "
 "всех никогда можно при наконец два об другой хоть после над больше тот через "
 "эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой "
 "перед иногда лучше чуть том нельзя такой им более всегда конечно всю между "
 "это также заявил сказал по словам году года лет день дня время который "
 "которые которая которого которых также"},
{"tr",
 "ve veya ile de da ki bu şu o bir birkaç her hiç çok daha en gibi için kadar "
 "sonra önce ama fakat ancak ise ya yani çünkü eğer ne neden nasıl nerede kim "
 "hangi ben beni bana benim biz bizi bize bizim sen seni sana senin siz sizi "
 "size sizin onlar onları onlara onların onu ona onun kendi kendisi olan olarak "
 "oldu olduğu olduğunu olmak olur olacak değil var yok mi mı mu mü dedi diye "
 "göre üzere ayrıca bile şimdi yıl yılı gün hafta zaman"},
{"ar",
 "في من على إلى الى عن مع هذا هذه ذلك تلك التي الذي الذين اللذين ما ماذا لا لم لن "
 "إن ان أن قد كان كانت يكون تكون هو هي هم هن أنا نحن أنت أنتم و أو ثم أي كل بعض "
 "بين عند حتى إذا اذا لكن بل أيضا ايضا فقط كما بعد قبل خلال حيث منذ ضد عبر له لها "
 "لهم به بها فيه فيها منه منها عليه عليها إليه وقال قال وقد وفي وهو وهي ومن "
 "يوم عام العام"},
{"cs",
 "a i o u v ve z ze s se na do od po za přes pro při bez nad pod před mezi nebo "
 "ale že aby jak když kde který která které co kdo to ten ta ty toho tom tím já "
 "mě mi můj my nás nám náš ty tebe tvůj vy vás on ho mu jeho ona její ono oni "
 "jejich si sebe ne tak už ještě také jen velmi více vše všichni je jsou byl byla "
 "bylo byli být bude budou může mohou má mají řekl podle roku rok let den dní čas"},
{"uk",
 "і й та в у на з із до від по за через при для без над під перед між або чи але "
 "що щоб як коли де який яка які хто це цей ця ці того я мене мені мій ми нас нам "
 "наш ти тебе ви вас він його йому вона її воно вони їх їм себе не так вже ще "
 "також тільки дуже більше все всі є був була було були бути буде будуть може "
 "можуть має мають сказав заявив року рік років день час"},
{"zh",
 "的 了 是 在 和 与 及 或 也 都 而 就 这 那 这个 那个 我 你 他 她 它 我们 你们 他们 "
 "之 其 有 没有 不 被 把 对 为 以 于 从 到 将 会 要 可以 但 但是 因为 所以 如果 "
 "还 又 并 等 说 表示 年 月 日"},
{"ja",
 "の に は を た が で て と し れ さ ある いる も する から な こと として い や れる "
 "など なっ ない この ため その あっ よう また もの という あり まで られ なる へ か "
 "だ これ によって により おり より による ず なり られる において ば なかっ なく "
 "しかし について せ だっ その後 できる それ う ので なお のみ でき き つ における "
 "および いう さらに でも ら たり その他 に関する たち ます ん なら 年 月 日"},
{NULL, NULL}
};
